using System.Text.RegularExpressions;

namespace Appliance.ImageBuilder.Definition;

// The rules a well-formed TOML file must also meet before a build starts: a bad value is cheaper to see here than
// after mmdebstrap has run for a minute.
internal sealed partial class DefinitionValidator(string sourceName, string baseDirectory, KeyLocations locations)
{
    public static readonly string[] Formats = ["disk", "qcow2", "flash", "container", "update"];
    public static readonly string[] Compressions = ["none", "gzip", "zstd", "xz", "lz4"];
    private static readonly string[] Variants = ["extract", "custom", "essential", "apt", "required", "minbase", "buildd", "important", "standard"];
    private static readonly string[] SquashfsCompressions = ["gzip", "xz", "zstd", "lz4", "lzo"];

    // A GPT table, its backup and 1 MiB alignment at the front take 2 MiB of every disk.
    public const int GptOverheadMib = 2;

    private readonly List<DefinitionError> _errors = [];

    public List<DefinitionError> Validate(ImageDefinition d)
    {
        Require(NamePattern().IsMatch(d.Image.Name), "image.name", "must be lower-case letters, digits and '-'");

        Require(d.Debian.Suite.Length > 0, "debian.suite", "is required (a Debian release name such as bookworm)");
        Require(NamePattern().IsMatch(d.Debian.Architecture), "debian.architecture", "must be a Debian architecture name");
        Require(Variants.Contains(d.Debian.Variant), "debian.variant", $"must be one of {string.Join(", ", Variants)}");
        Require(d.Debian.Packages.Count > 0, "debian.packages", "must list at least one package");
        ForEach(d.Debian.Packages, "debian.packages", p => PackagePattern().IsMatch(p), "is not a Debian package name");

        RequireDirectory(d.Rootfs.Overlay, "rootfs.overlay");
        ForEach(d.Rootfs.Drop, "rootfs.drop", IsSafeAbsolute, "must be an absolute path inside the root, without '..'");
        ForEach(d.Rootfs.Drop, "rootfs.drop", p => p.TrimEnd('/').Length > 0, "would drop the whole root");
        ForEach(d.Rootfs.Directories, "rootfs.directories", IsSafeAbsolute, "must be an absolute path without '..'");
        ForEach(d.Rootfs.BusyboxApplets, "rootfs.busybox_applets", a => AppletPattern().IsMatch(a), "is not a busybox applet name");
        Require(IsSafeAbsolute(d.Rootfs.Appliance), "rootfs.appliance", "must be an absolute path");
        Require(IsSafeAbsolute(d.Rootfs.Init), "rootfs.init", "must be an absolute path");
        ForEach(d.Rootfs.Checks, "rootfs.checks", c => c.Trim().StartsWith('/'), "must start with an absolute program path");

        Require(SquashfsCompressions.Contains(d.Squashfs.Compression), "squashfs.compression", $"must be one of {string.Join(", ", SquashfsCompressions)}");
        Require(d.Squashfs.CompressionLevel == 0
            || (d.Squashfs.Compression == "zstd" && d.Squashfs.CompressionLevel is >= 1 and <= 22)
            || (d.Squashfs.Compression == "gzip" && d.Squashfs.CompressionLevel is >= 1 and <= 9),
            "squashfs.compression_level", "must be 1-22 for zstd, 1-9 for gzip, or 0 (the default); other compressions take none");
        Require(d.Squashfs.BlockSizeKib is >= 4 and <= 1024 && (d.Squashfs.BlockSizeKib & (d.Squashfs.BlockSizeKib - 1)) == 0,
            "squashfs.block_size_kib", "must be a power of two from 4 to 1024");

        Require(PackagePattern().IsMatch(d.Kernel.Package), "kernel.package", "is required (a Debian kernel package such as linux-image-amd64)");
        Require(!d.Kernel.Cmdline.Contains("appliance.slot", StringComparison.Ordinal), "kernel.cmdline",
            "must not set appliance.slot: the build adds it to each boot entry");
        Require(!d.Kernel.Cmdline.Contains('\n', StringComparison.Ordinal), "kernel.cmdline", "must be one line");
        Require(d.Kernel.InitramfsModules.Count > 0, "kernel.initramfs_modules", "must list the modules that reach the root file system");
        ForEach(d.Kernel.InitramfsModules, "kernel.initramfs_modules", m => ModulePattern().IsMatch(m), "is not a kernel module name");
        ForEach(d.Kernel.BootModules, "kernel.boot_modules", m => ModulePattern().IsMatch(m), "is not a kernel module name");
        ForEach(d.Kernel.RootfsModules, "kernel.rootfs_modules", m => ModulePattern().IsMatch(m), "is not a kernel module name");

        RequireFile(d.Initramfs.Init, "initramfs.init");
        Require(File.Exists(d.Initramfs.Busybox), "initramfs.busybox",
            $"'{d.Initramfs.Busybox}' does not exist on this machine (apt-get install busybox-static)");
        Require(Compressions.Contains(d.Initramfs.Compression), "initramfs.compression", $"must be one of {string.Join(", ", Compressions)}");
        Require(d.Initramfs.RootWaitMs is >= 100 and <= 60000, "initramfs.root_wait_ms", "must be from 100 to 60000");

        Require(File.Exists(d.Bootloader.Mbr), "bootloader.mbr", $"'{d.Bootloader.Mbr}' does not exist on this machine (apt-get install syslinux-common)");
        Require(d.Bootloader.Serial.Length == 0 || SerialPattern().IsMatch(d.Bootloader.Serial), "bootloader.serial", "must look like \"0 115200\" or be empty");
        Require(d.Bootloader.FallbackTimeout is >= 1 and <= 600, "bootloader.fallback_timeout", "must be from 1 to 600 (tenths of a second)");

        ValidateDisk(d.Disk);

        Require(d.Container.Repository.Length == 0 || RepositoryPattern().IsMatch(d.Container.Repository), "container.repository",
            "must be a docker repository name (lower case, digits, '.', '_', '-', '/')");
        Require(d.Container.Entrypoint.Count > 0, "container.entrypoint", "must name the program the container runs");
        ForEach(d.Container.Volumes, "container.volumes", IsSafeAbsolute, "must be an absolute path");
        ForEach(d.Container.Env, "container.env", e => EnvPattern().IsMatch(e), "must be NAME=value");
        ForEach(d.Container.Expose, "container.expose", e => ExposePattern().IsMatch(e), "must be PORT or PORT/tcp or PORT/udp");

        ForEach(d.Outputs.Formats, "outputs.formats", f => Formats.Contains(f), $"is not one of {string.Join(", ", Formats)}");
        Require(!d.Outputs.Formats.Contains("container") || d.Container.Repository.Length > 0, "container.repository",
            "is required when outputs.formats has \"container\"");
        return _errors;
    }

    private void ValidateDisk(DiskSection disk)
    {
        Require(disk.SizeMib > 0, "disk.size_mib", "is required");
        Require(disk.Boot.SizeMib >= 8, "disk.boot.size_mib", "must be at least 8");
        Require(disk.Slot.SizeMib >= 4, "disk.slot.size_mib", "must be at least 4");
        Require(disk.Data.SizeMib >= 2, "disk.data.size_mib", "must be at least 2 (ext4 needs room for its journal)");
        var used = GptOverheadMib + disk.Boot.SizeMib + (2 * disk.Slot.SizeMib) + disk.Data.SizeMib;
        Require(disk.SizeMib <= 0 || used <= disk.SizeMib, "disk.size_mib",
            $"is {disk.SizeMib} but the partitions need {used} ({GptOverheadMib} for GPT, boot {disk.Boot.SizeMib}, 2 x slot {disk.Slot.SizeMib}, data {disk.Data.SizeMib})");
        Require(PartitionNamePattern().IsMatch(disk.Boot.Name), "disk.boot.name", "must be 1-36 characters of letters, digits, '-' and '_'");
        Require(PartitionNamePattern().IsMatch(disk.Data.Name), "disk.data.name", "must be 1-36 characters of letters, digits, '-' and '_'");
        Require(disk.Slot.NamePrefix.Length is > 0 and <= 35 && PartitionNamePattern().IsMatch(disk.Slot.NamePrefix + "A"),
            "disk.slot.name_prefix", "must be 1-35 characters of letters, digits, '-' and '_'");
        string[] names = [disk.Boot.Name, disk.Slot.NamePrefix + "A", disk.Slot.NamePrefix + "B", disk.Data.Name];
        Require(names.Distinct(StringComparer.Ordinal).Count() == names.Length, "disk", $"partition names must differ: {string.Join(", ", names)}");
    }

    private void Require(bool condition, string path, string message)
    {
        if (!condition)
        {
            var (line, column) = locations.Find(path);
            var shown = locations.Contains(path) ? path : $"{path} (missing)";
            _errors.Add(new DefinitionError(sourceName, line, column, $"{shown} {message}"));
        }
    }

    private void ForEach(List<string> values, string path, Func<string, bool> isValid, string message)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (!isValid(values[i]))
            {
                var element = $"{path}[{i}]";
                var (line, column) = locations.Find(element);
                _errors.Add(new DefinitionError(sourceName, line, column, $"{path}: '{values[i]}' {message}"));
            }
        }
    }

    private void RequireFile(string relative, string path) =>
        Require(relative.Length > 0 && File.Exists(Path.Combine(baseDirectory, relative)), path,
            relative.Length == 0 ? "is required" : $"'{relative}' is not a file (relative to {baseDirectory})");

    private void RequireDirectory(string relative, string path) =>
        Require(relative.Length > 0 && Directory.Exists(Path.Combine(baseDirectory, relative)), path,
            relative.Length == 0 ? "is required" : $"'{relative}' is not a directory (relative to {baseDirectory})");

    private static bool IsSafeAbsolute(string path) =>
        path.StartsWith('/') && !path.Split('/').Contains("..") && !path.Contains('\0', StringComparison.Ordinal);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9+.-]+$")]
    private static partial Regex PackagePattern();

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex ModulePattern();

    [GeneratedRegex("^[A-Za-z0-9_.\\[-]+$")]
    private static partial Regex AppletPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,36}$")]
    private static partial Regex PartitionNamePattern();

    [GeneratedRegex("^[0-9]+( [0-9]+)?$")]
    private static partial Regex SerialPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9._/-]*$")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex("^[0-9]{1,5}(/(tcp|udp))?$")]
    private static partial Regex ExposePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*=.*$")]
    private static partial Regex EnvPattern();
}
