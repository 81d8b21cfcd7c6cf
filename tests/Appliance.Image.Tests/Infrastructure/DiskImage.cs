using Appliance.ImageBuilder.Disk;
using Appliance.Lab;

namespace Appliance.Image.Tests.Infrastructure;

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
                Cmd.TryRun("umount", "-l", target);
            }
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

internal static class DiskImage
{
    /// <summary>A private copy of the built disk with this appliance.ini (null: none, so the first boot writes the factory file).</summary>
    public static string Prepare(BuiltImage image, Scratch scratch, string name, string? ini) =>
        VmDisk.Prepare(image.Disk, scratch.Path($"{name}.img"), ini);

    /// <summary>Reads a file of a partition of a disk that no VM is running.</summary>
    public static string? ReadFile(BuiltImage image, Scratch scratch, string disk, PartitionRole role, string relative) =>
        VmDisk.ReadFile(disk, image.Layout[role].Name, relative, scratch.Path($"look-{Guid.NewGuid():N}"));
}
