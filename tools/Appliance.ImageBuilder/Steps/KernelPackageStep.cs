using Appliance.ImageBuilder.Build;
using Appliance.ImageBuilder.Host;

namespace Appliance.ImageBuilder.Steps;

// The Debian kernel package, unpacked from the same suite and sources as the root file system; only /boot and
// the module tree are kept.
internal sealed class KernelPackageStep : IBuildStep
{
    public const string DirectoryName = "kernel-package";
    public const string ListName = "kernel.packages";

    public string Name => "kernel-package";

    public IReadOnlyList<string> DependsOn => [];

    public bool DependsOnBuilderCode => false;

    public void AddInputs(BuildContext context, ContentHash hash)
    {
        var debian = context.Definition.Debian;
        hash.Add("suite", debian.Suite).Add("architecture", debian.Architecture)
            .Add("package", context.Definition.Kernel.Package)
            .Add("sources", AptSources.ForSuite(debian.Suite));
    }

    public IReadOnlyList<string> Outputs(BuildContext context) => [context.Work(DirectoryName), context.Work(ListName)];

    public void Run(BuildContext context)
    {
        var debian = context.Definition.Debian;
        Directory.CreateDirectory(context.WorkDirectory);
        var sources = context.Work("apt.sources");
        File.WriteAllText(sources, AptSources.ForSuite(debian.Suite));
        var extracted = context.Work("kernel-extract");
        var packages = Mmdebstrap.Extract(debian.Suite, debian.Architecture, "extract", [context.Definition.Kernel.Package], extracted, sources);

        var target = context.Work(DirectoryName);
        FileTree.Remove(target);
        Directory.CreateDirectory(target);
        Directory.Move(RootPath.Resolve(extracted, "/boot"), Path.Combine(target, "boot"));
        Directory.Move(RootPath.Resolve(extracted, "/lib/modules"), Path.Combine(target, "modules"));
        FileTree.Remove(extracted);
        DebianPackage.WriteList(context.Work(ListName), packages);
    }

    // The one kernel the package brought: /boot/vmlinuz-VERSION.
    public static (string Version, string Vmlinuz) Find(BuildContext context)
    {
        var boot = Path.Combine(context.Work(DirectoryName), "boot");
        var kernels = Directory.GetFiles(boot, "vmlinuz-*");
        if (kernels.Length != 1)
        {
            throw new BuildException($"expected one kernel in {boot}, found {kernels.Length}: the kernel package must bring exactly one");
        }
        return (Path.GetFileName(kernels[0])["vmlinuz-".Length..], kernels[0]);
    }
}
