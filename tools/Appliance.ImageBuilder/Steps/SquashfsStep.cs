using System.Globalization;
using Appliance.ImageBuilder.Build;
using Appliance.ImageBuilder.Host;

namespace Appliance.ImageBuilder.Steps;

// The read-only root file system of one slot.
internal sealed class SquashfsStep : IBuildStep
{
    public const string FileName = "rootfs.squashfs";

    public string Name => "squashfs";

    public IReadOnlyList<string> DependsOn => ["rootfs"];

    public void AddInputs(BuildContext context, ContentHash hash) =>
        hash.AddFile("rootfs", context.Image(RootfsStep.TarName))
            .Add("compression", context.Definition.Squashfs.Compression)
            .Add("level", context.Definition.Squashfs.CompressionLevel.ToString(CultureInfo.InvariantCulture))
            .Add("block", context.Definition.Squashfs.BlockSizeKib.ToString(CultureInfo.InvariantCulture));

    public IReadOnlyList<string> Outputs(BuildContext context) => [context.Image(FileName)];

    public void Run(BuildContext context)
    {
        var squashfs = context.Definition.Squashfs;
        var root = context.Work("squashfs-root");
        FileTree.Remove(root);
        Directory.CreateDirectory(root);
        Exec.Run("tar", ["--numeric-owner", "-xpf", context.Image(RootfsStep.TarName), "-C", root]);
        var output = context.Image(FileName);
        File.Delete(output);
        var arguments = new List<string>
        {
            root, output, "-noappend", "-no-progress", "-no-xattrs",
            "-comp", squashfs.Compression, "-b", $"{squashfs.BlockSizeKib}K",
        };
        if (squashfs.Compression == "xz")
        {
            arguments.AddRange(["-Xdict-size", "100%"]);
        }
        if (squashfs.CompressionLevel > 0)
        {
            arguments.AddRange(["-Xcompression-level", squashfs.CompressionLevel.ToString(CultureInfo.InvariantCulture)]);
        }
        Exec.Run("mksquashfs", arguments);
        FileTree.Remove(root);
    }
}
