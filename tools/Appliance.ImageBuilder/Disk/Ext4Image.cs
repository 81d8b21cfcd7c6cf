using System.Globalization;
using Appliance.ImageBuilder.Host;

namespace Appliance.ImageBuilder.Disk;

// A small ext4 file system in a file. Small file systems get 1 KiB blocks; the journal is kept at its minimum
// (1 MiB) because these partitions are a few MiB. Not filled with mke2fs -d: it writes runs of zeros as holes,
// and syslinux fails to read a sparse kernel ("Loading /A/vmlinuz failed: I/O error").
internal static class Ext4Image
{
    // inodes: the boot partition holds a dozen files and needs every block for kernels; the default ratio would
    // spend 1.4 MiB of 22 on inode tables there. growable: keep the blocks reserved for growing the file
    // system later (the data partition may be grown to fill a bigger disk).
    public static void Create(string file, long bytes, string label, Guid id, int inodes, bool growable)
    {
        File.Delete(file);
        using (var stream = File.Create(file))
        {
            stream.SetLength(bytes);
        }
        var arguments = new List<string>
        {
            "-q", "-F", "-t", "ext4", "-m", "0", "-J", "size=1",
            "-L", label.Length > 16 ? label[..16] : label,
            "-U", id.ToString(),
            "-E", $"root_owner=0:0,hash_seed={id}",
            "-N", inodes.ToString(CultureInfo.InvariantCulture),
        };
        if (!growable)
        {
            arguments.AddRange(["-O", "^resize_inode"]);
        }
        arguments.AddRange([file, (bytes / 1024).ToString(CultureInfo.InvariantCulture) + "k"]);
        Exec.Run("mke2fs", arguments, environment: BuildEnvironment());
    }

    private static Dictionary<string, string> BuildEnvironment() =>
        Build.BuildContext.SourceDateEpoch is { } epoch
            ? new Dictionary<string, string> { ["E2FSPROGS_FAKE_TIME"] = epoch.ToString(CultureInfo.InvariantCulture) }
            : [];
}
