using Appliance.ImageBuilder.Disk;

namespace Appliance.Image.Tests.Infrastructure;

// Edits a partition of a disk image file the way a test needs (an appliance.ini on the data partition, a look
// at the boot partition), through a loop mount of just that partition's byte range.
internal sealed class PartitionMount : IDisposable
{
    private PartitionMount(string mountPoint) => MountPoint = mountPoint;

    public string MountPoint { get; }

    public static PartitionMount Open(string disk, Partition partition, string mountPoint)
    {
        Directory.CreateDirectory(mountPoint);
        Shell.Run("mount", "-o", $"loop,offset={partition.Offset},sizelimit={partition.Bytes}", disk, mountPoint).EnsureSuccess($"mount {partition.Name}");
        return new PartitionMount(mountPoint);
    }

    public void Dispose() => Shell.Run("umount", MountPoint).EnsureSuccess($"umount {MountPoint}");
}

// A private directory for one test's files (disk copies, bundles, mount points), removed afterwards.
internal sealed class Scratch : IDisposable
{
    public Scratch(string name)
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"appliance-image-{name}-{Guid.NewGuid().ToString("N")[..8]}");
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string Path(string name) => System.IO.Path.Combine(Directory, name);

    public void Dispose()
    {
        // A mount left by a failed test must not take files with it, and must not stay behind.
        foreach (var line in File.ReadAllLines("/proc/self/mounts"))
        {
            var target = line.Split(' ')[1];
            if (target.StartsWith(Directory, StringComparison.Ordinal))
            {
                Shell.Run("umount", "-l", target);
            }
        }
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
