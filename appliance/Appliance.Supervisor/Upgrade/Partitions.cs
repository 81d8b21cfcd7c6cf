namespace Appliance.Supervisor.Upgrade;

/// <summary>
/// Block devices by GPT partition name, read from /sys/class/block/*/uevent (PARTNAME=, DEVNAME=): the image has no
/// udev, so there is no /dev/disk/by-partlabel.
/// </summary>
public static class Partitions
{
    public static string? DeviceOf(string partitionName, string sysBlock = "/sys/class/block")
    {
        if (!Directory.Exists(sysBlock))
        {
            return null;
        }

        foreach (var entry in Directory.GetDirectories(sysBlock).Order(StringComparer.Ordinal))
        {
            var uevent = Path.Combine(entry, "uevent");
            if (!File.Exists(uevent))
            {
                continue;
            }

            var fields = File.ReadAllLines(uevent)
                .Select(l => l.Split('=', 2))
                .Where(f => f.Length == 2)
                .ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
            if (fields.GetValueOrDefault("PARTNAME") == partitionName && fields.TryGetValue("DEVNAME", out var device))
            {
                return $"/dev/{device}";
            }
        }

        return null;
    }

    /// <summary>Size in bytes of a partition (sysfs counts 512-byte sectors).</summary>
    public static long SizeOf(string device) =>
        long.Parse(File.ReadAllText($"/sys/class/block/{Path.GetFileName(device)}/size").Trim(), System.Globalization.CultureInfo.InvariantCulture) * 512;
}
