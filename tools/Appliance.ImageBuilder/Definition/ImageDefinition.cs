namespace Appliance.ImageBuilder.Definition;

// The whole image, as written in image/*.toml. Property names map to snake_case keys
// (see ImageDefinitionContext); every default here is what an omitted key means.
internal sealed class ImageDefinition
{
    public ImageSection Image { get; set; } = new();
    public DebianSection Debian { get; set; } = new();
    public RootfsSection Rootfs { get; set; } = new();
    public SquashfsSection Squashfs { get; set; } = new();
    public KernelSection Kernel { get; set; } = new();
    public InitramfsSection Initramfs { get; set; } = new();
    public BootloaderSection Bootloader { get; set; } = new();
    public DiskSection Disk { get; set; } = new();
    public ContainerSection Container { get; set; } = new();
    public OutputsSection Outputs { get; set; } = new();
}

internal sealed class ImageSection
{
    public string Name { get; set; } = "";
    public string PrettyName { get; set; } = "";
}

internal sealed class DebianSection
{
    public string Suite { get; set; } = "";
    public string Architecture { get; set; } = "amd64";
    public string Variant { get; set; } = "extract";
    public List<string> Packages { get; set; } = [];
}

internal sealed class RootfsSection
{
    // Relative paths are relative to the TOML file.
    public string Overlay { get; set; } = "";
    public List<string> Drop { get; set; } = [];
    public List<string> Directories { get; set; } = [];
    public List<string> BusyboxApplets { get; set; } = [];
    public string Appliance { get; set; } = "/usr/sbin/appliance";
    public string Init { get; set; } = "/sbin/init";
    public List<string> Checks { get; set; } = [];
}

internal sealed class SquashfsSection
{
    public string Compression { get; set; } = "zstd";
    // mksquashfs -Xcompression-level for zstd (1-22) and gzip (1-9); 0: the tool's default.
    public int CompressionLevel { get; set; }
    public int BlockSizeKib { get; set; } = 1024;
}

internal sealed class KernelSection
{
    public string Package { get; set; } = "";
    public string Cmdline { get; set; } = "";
    public List<string> InitramfsModules { get; set; } = [];
    public List<string> BootModules { get; set; } = [];
    public List<string> RootfsModules { get; set; } = [];
}

internal sealed class InitramfsSection
{
    public string Init { get; set; } = "";
    public string Busybox { get; set; } = "/bin/busybox";
    public string Compression { get; set; } = "gzip";
    public int RootWaitMs { get; set; } = 5000;
}

internal sealed class BootloaderSection
{
    public string Mbr { get; set; } = "/usr/lib/syslinux/mbr/gptmbr.bin";
    // syslinux SERIAL directive ("0 115200"); empty: VGA only.
    public string Serial { get; set; } = "";
    // syslinux TIMEOUT in 1/10 s, used only when a slot fails to load and syslinux falls back to its prompt.
    public int FallbackTimeout { get; set; } = 10;
}

internal sealed class DiskSection
{
    public int SizeMib { get; set; }
    public PartitionSection Boot { get; set; } = new();
    public SlotSection Slot { get; set; } = new();
    public PartitionSection Data { get; set; } = new();
}

internal sealed class PartitionSection
{
    public string Name { get; set; } = "";
    public int SizeMib { get; set; }
}

internal sealed class SlotSection
{
    public string NamePrefix { get; set; } = "";
    public int SizeMib { get; set; }
}

internal sealed class ContainerSection
{
    public string Repository { get; set; } = "";
    public List<string> Entrypoint { get; set; } = [];
    public List<string> Cmd { get; set; } = [];
    public List<string> Volumes { get; set; } = [];
    public List<string> Env { get; set; } = [];
    public List<string> Expose { get; set; } = [];
}

internal sealed class OutputsSection
{
    public List<string> Formats { get; set; } = [];
    public bool Qcow2Compressed { get; set; } = true;
}
