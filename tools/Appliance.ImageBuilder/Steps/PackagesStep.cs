using Appliance.ImageBuilder.Build;
using Appliance.ImageBuilder.Host;

namespace Appliance.ImageBuilder.Steps;

// The Debian packages of the root file system, unpacked by mmdebstrap (the slow, network-bound part of "rootfs",
// kept apart so that a new appliance binary or overlay does not download anything again).
internal sealed class PackagesStep : IBuildStep
{
    public const string TarName = "debian.tar";
    public const string ListName = "debian.packages";

    public string Name => "packages";

    public IReadOnlyList<string> DependsOn => [];

    public bool DependsOnBuilderCode => false;

    public void AddInputs(BuildContext context, ContentHash hash)
    {
        var debian = context.Definition.Debian;
        hash.Add("suite", debian.Suite).Add("architecture", debian.Architecture).Add("variant", debian.Variant)
            .Add("packages", string.Join(',', debian.Packages))
            .Add("sources", AptSources.ForSuite(debian.Suite));
    }

    public IReadOnlyList<string> Outputs(BuildContext context) => [context.Work(TarName), context.Work(ListName)];

    public void Run(BuildContext context)
    {
        var debian = context.Definition.Debian;
        Directory.CreateDirectory(context.WorkDirectory);
        var sources = context.Work("apt.sources");
        File.WriteAllText(sources, AptSources.ForSuite(debian.Suite));
        var root = context.Work("debian-root");
        var packages = Mmdebstrap.Extract(debian.Suite, debian.Architecture, debian.Variant, debian.Packages, root, sources);
        DebianPackage.WriteList(context.Work(ListName), packages);
        Exec.Run("tar", ["--numeric-owner", "--sort=name", "-C", root, "-cf", context.Work(TarName), "."]);
        FileTree.Remove(root);
    }
}
