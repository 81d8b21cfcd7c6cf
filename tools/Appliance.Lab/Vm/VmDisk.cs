using System.Globalization;

namespace Appliance.Lab.Vm;

/// <summary>
/// A partition of a disk image file, found by the end of its GPT name ("-data" is the partition that holds
/// /etc/appliance, see image/BOOT.md), loop-mounted through just its byte range, so no loop device with partition
/// scanning (and no udev) is needed. Unmounted on Dispose.
/// </summary>
public sealed class PartitionMount : IDisposable
{
    private PartitionMount(string mountPoint) => MountPoint = mountPoint;

    public string MountPoint { get; }

    public static PartitionMount Open(string disk, string nameSuffix, string mountPoint)
    {
        var (offset, bytes) = Find(disk, nameSuffix);
        Directory.CreateDirectory(mountPoint);
        Cmd.Run("mount", "-o", $"loop,offset={offset},sizelimit={bytes}", disk, mountPoint);
        return new PartitionMount(mountPoint);
    }

    public string Path(string relative) => System.IO.Path.Combine(MountPoint, relative);

    public void Dispose() => Cmd.Run("umount", MountPoint);

    // partx reads the GPT of a plain file: START and SECTORS in 512-byte sectors, NAME the partition's label.
    private static (long Offset, long Bytes) Find(string disk, string nameSuffix)
    {
        foreach (var line in Cmd.Run("partx", "-g", "-b", "-o", "START,SIZE,NAME", disk).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 3 && fields[2].EndsWith(nameSuffix, StringComparison.Ordinal))
            {
                return (long.Parse(fields[0], CultureInfo.InvariantCulture) * 512, long.Parse(fields[1], CultureInfo.InvariantCulture));
            }
        }

        throw new InvalidOperationException($"{disk} has no partition named *{nameSuffix}");
    }
}

/// <summary>Copies of the image's disk for VMs, each with the appliance.ini of its box.</summary>
public static class VmDisk
{
    public const string DataPartition = "-data";

    /// <summary>
    /// A copy of <paramref name="disk"/> at <paramref name="copy"/> with <paramref name="ini"/> as
    /// /etc/appliance/appliance.ini on its data partition (what an installer or an operator with the disk in hand
    /// does); null leaves the partition empty, so the first boot writes the factory configuration.
    /// </summary>
    public static string Prepare(string disk, string copy, string? ini)
    {
        File.Copy(disk, copy, overwrite: true);
        if (ini is not null)
        {
            using var data = PartitionMount.Open(copy, DataPartition, copy + ".data");
            Directory.CreateDirectory(data.Path("etc/appliance"));
            File.WriteAllText(data.Path("etc/appliance/appliance.ini"), ini);
        }

        return copy;
    }

    /// <summary>Reads a file of a partition of a disk that no VM is running; null when it is not there.</summary>
    public static string? ReadFile(string disk, string nameSuffix, string relative, string mountPoint)
    {
        using var mount = PartitionMount.Open(disk, nameSuffix, mountPoint);
        var path = mount.Path(relative);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }
}
