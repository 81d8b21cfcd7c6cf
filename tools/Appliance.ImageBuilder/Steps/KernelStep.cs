using System.Text;
using Appliance.ImageBuilder.Archive;
using Appliance.ImageBuilder.Build;
using Appliance.ImageBuilder.Host;
using Appliance.ImageBuilder.Kernel;

namespace Appliance.ImageBuilder.Steps;

// The kernel, the initramfs (static busybox, the modules that reach the root file system, /init from
// image/initramfs/ and a generated /etc/initramfs.conf), and the module tree the root file system carries.
internal sealed class KernelStep : IBuildStep
{
    public const string VmlinuzName = "vmlinuz";
    public const string InitrdName = "initrd.img";
    public const string ModulesTreeName = "kernel-modules";
    public const string VersionName = "kernel.version";

    public string Name => "kernel";

    public IReadOnlyList<string> DependsOn => ["kernel-package"];

    public void AddInputs(BuildContext context, ContentHash hash)
    {
        var d = context.Definition;
        hash.AddFile("kernel-packages", context.Work(KernelPackageStep.ListName))
            .AddFile("vmlinuz", KernelPackageStep.Find(context).Vmlinuz)
            .Add("initramfs-modules", string.Join(',', d.Kernel.InitramfsModules))
            .Add("boot-modules", string.Join(',', d.Kernel.BootModules))
            .Add("rootfs-modules", string.Join(',', d.Kernel.RootfsModules))
            .Add("compression", d.Initramfs.Compression)
            .Add("root-wait", d.Initramfs.RootWaitMs.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Add("partitions", $"{d.Disk.Boot.Name}|{d.Disk.Slot.NamePrefix}|{d.Disk.Data.Name}")
            .AddFile("init", context.FromDefinition(d.Initramfs.Init))
            .AddFile("busybox", d.Initramfs.Busybox);
    }

    public IReadOnlyList<string> Outputs(BuildContext context) =>
        [context.Image(VmlinuzName), context.Image(InitrdName), context.Work(ModulesTreeName), context.Work(VersionName)];

    public void Run(BuildContext context)
    {
        var d = context.Definition;
        var (version, vmlinuz) = KernelPackageStep.Find(context);
        var index = ModuleIndex.Load(Path.Combine(context.Work(KernelPackageStep.DirectoryName), "modules", version));

        var initramfs = Resolve(index, d.Kernel.InitramfsModules, "kernel.initramfs_modules");
        var boot = Resolve(index, d.Kernel.BootModules, "kernel.boot_modules");
        var onDemand = Resolve(index, d.Kernel.RootfsModules, "kernel.rootfs_modules");
        var loadedEarly = initramfs.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var bootOnly = boot.Where(m => !loadedEarly.Contains(m.Name)).ToList();
        var carried = boot.Concat(onDemand).DistinctBy(m => m.Name).ToList();

        Directory.CreateDirectory(context.ImageDirectory);
        File.Copy(vmlinuz, context.Image(VmlinuzName), overwrite: true);
        var cpio = BuildInitramfs(context, index, version, initramfs, bootOnly);
        File.WriteAllBytes(context.Image(InitrdName), Compression.Compress(cpio, d.Initramfs.Compression));
        WriteModulesTree(context, index, version, carried);
        File.WriteAllText(context.Work(VersionName), version + "\n");
        Console.WriteLine($"  kernel {version}: {initramfs.Count} modules in the initramfs, {bootOnly.Count} loaded from the root at boot, {carried.Count} carried in the root");
    }

    private static List<KernelModule> Resolve(ModuleIndex index, List<string> names, string key)
    {
        var modules = index.Closure(names, out var errors);
        if (errors.Count > 0)
        {
            throw new BuildException($"{key}: {string.Join("; ", errors)}");
        }
        return [.. modules];
    }

    private static byte[] BuildInitramfs(BuildContext context, ModuleIndex index, string version,
        IReadOnlyList<KernelModule> initramfs, IReadOnlyList<KernelModule> bootOnly)
    {
        var d = context.Definition;
        if (!ElfFile.TryIsDynamicallyLinked(d.Initramfs.Busybox, out var dynamic, out var why))
        {
            throw new BuildException($"initramfs.busybox {d.Initramfs.Busybox}: {why}");
        }
        if (dynamic)
        {
            throw new BuildException($"initramfs.busybox {d.Initramfs.Busybox} is dynamically linked; the initramfs has no libc (use busybox-static's /bin/busybox)");
        }
        var applets = Exec.Run(d.Initramfs.Busybox, ["--list"]).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        using var output = new MemoryStream();
        var cpio = new CpioWriter(output, BuildContext.SourceDateEpoch ?? 0);
        foreach (var directory in new[] { "dev", "proc", "sys", "run", "tmp", "newroot", "etc", "bin", "sbin" })
        {
            cpio.Directory(directory);
        }
        // The kernel opens /dev/console for init's stdin/stdout before /init can mount devtmpfs.
        cpio.CharDevice("dev/console", 0x180, 5, 1);
        cpio.CharDevice("dev/null", 0x1B6, 1, 3);
        cpio.File("bin/busybox", File.ReadAllBytes(d.Initramfs.Busybox), 0x1ED);
        foreach (var applet in applets.Where(a => a != "busybox").Order(StringComparer.Ordinal))
        {
            cpio.Symlink($"bin/{applet}", "busybox");
        }
        cpio.File("init", File.ReadAllBytes(context.FromDefinition(d.Initramfs.Init)), 0x1ED);
        cpio.File("etc/initramfs.conf", Encoding.UTF8.GetBytes(InitramfsConf(context, version, initramfs, bootOnly)), 0x1A4);
        foreach (var module in initramfs)
        {
            cpio.File($"lib/modules/{version}/{module.RelativePath}", File.ReadAllBytes(Path.Combine(index.ModulesDirectory, module.RelativePath)), 0x1A4);
        }
        cpio.Finish();
        return output.ToArray();
    }

    private static string InitramfsConf(BuildContext context, string version, IReadOnlyList<KernelModule> initramfs, IReadOnlyList<KernelModule> bootOnly)
    {
        var d = context.Definition;
        var text = new StringBuilder("# Generated by the image build from the image definition; read by /init (see image/BOOT.md).\n");
        void Line(string key, string value) => text.Append(key).Append("='").Append(value.Replace("'", "", StringComparison.Ordinal)).Append("'\n");
        Line("KERNEL_VERSION", version);
        Line("INITRAMFS_MODULES", string.Join(' ', initramfs.Select(m => m.RelativePath)));
        Line("BOOT_MODULES", string.Join(' ', bootOnly.Select(m => m.RelativePath)));
        Line("BOOT_PARTITION", d.Disk.Boot.Name);
        Line("SLOT_PARTITION_PREFIX", d.Disk.Slot.NamePrefix);
        Line("DATA_PARTITION", d.Disk.Data.Name);
        Line("ROOT_WAIT_MS", d.Initramfs.RootWaitMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return text.ToString();
    }

    private static void WriteModulesTree(BuildContext context, ModuleIndex index, string version, IReadOnlyList<KernelModule> carried)
    {
        var tree = context.Work(ModulesTreeName);
        FileTree.Remove(tree);
        var target = Path.Combine(tree, "lib/modules", version);
        Directory.CreateDirectory(target);
        foreach (var module in carried)
        {
            var destination = Path.Combine(target, module.RelativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(Path.Combine(index.ModulesDirectory, module.RelativePath), destination);
        }
        File.WriteAllText(Path.Combine(target, "modules.dep"), ModulesDep.Dep(carried, index));
        File.WriteAllText(Path.Combine(target, "modules.alias"), ModulesDep.Alias(carried));
        var builtin = Path.Combine(index.ModulesDirectory, "modules.builtin");
        if (File.Exists(builtin))
        {
            File.Copy(builtin, Path.Combine(target, "modules.builtin"));
        }
    }
}
