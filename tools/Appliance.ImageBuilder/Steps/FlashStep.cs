using Appliance.ImageBuilder.Build;
using Appliance.ImageBuilder.Host;

namespace Appliance.ImageBuilder.Steps;

// The disk for writing to a USB stick or a box's own disk: disk.img.xz, and disk.img.bmap (bmap-tools), the map of
// the blocks that hold data, so that `bmaptool copy` writes those only and checks each range against its SHA-256.
// The raw disk is sparse (DiskStep skips zero blocks), which is what bmaptool create maps.
internal sealed class FlashStep : IBuildStep
{
    public const string CompressedName = "disk.img.xz";
    public const string BmapName = "disk.img.bmap";

    public string Name => "flash";

    public IReadOnlyList<string> DependsOn => ["disk"];

    public void AddInputs(BuildContext context, ContentHash hash) => hash.AddFile("disk", context.Image(DiskStep.FileName));

    public IReadOnlyList<string> Outputs(BuildContext context) => [context.Image(CompressedName), context.Image(BmapName)];

    public void Run(BuildContext context)
    {
        var disk = context.Image(DiskStep.FileName);
        var bmap = context.Image(BmapName);
        File.Delete(bmap);
        Exec.Run("bmaptool", ["create", "--output", bmap, disk]);

        // One thread: xz's multi-threaded output depends on the thread count, so the same disk would compress to
        // different bytes on different machines. --keep: disk.img stays for qemu and the other steps.
        var compressed = context.Image(CompressedName);
        File.Delete(compressed);
        Exec.Run("xz", ["--threads=1", "--keep", "--force", "-6", disk]);
    }
}
