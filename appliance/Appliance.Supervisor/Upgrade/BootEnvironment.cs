namespace Appliance.Supervisor.Upgrade;

/// <summary>
/// /run/appliance-boot.env, written by the initramfs (image/BOOT.md): which slot runs, which one is confirmed,
/// whether this boot is a trial, and the devices. Shell-sourceable key=value lines.
/// </summary>
public sealed record BootEnvironment(IReadOnlyDictionary<string, string> Values)
{
    public const string DefaultPath = "/run/appliance-boot.env";

    public string Slot => Values.GetValueOrDefault("slot", "?");

    public string ConfirmedSlot => Values.GetValueOrDefault("confirmed_slot", "?");

    public bool Trial => Values.GetValueOrDefault("trial") == "yes";

    public string BootPartition => Values.GetValueOrDefault("boot_partition", "appliance-boot");

    public string SlotPartitionPrefix => Values.GetValueOrDefault("slot_partition_prefix", "appliance-root-");

    public string OtherSlot => Slot == "A" ? "B" : "A";

    /// <summary>Null when the box did not boot from the appliance image (a container, a lab).</summary>
    public static BootEnvironment? Read(string path = DefaultPath)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && !line.StartsWith('#'))
            {
                values[line[..eq].Trim()] = line[(eq + 1)..].Trim().Trim('"');
            }
        }

        return new BootEnvironment(values);
    }

    /// <summary>The same file with some keys changed, written whole (it lives on tmpfs: a rename is enough).</summary>
    public BootEnvironment With(string path, params (string Key, string Value)[] changes)
    {
        var values = new Dictionary<string, string>(Values, StringComparer.Ordinal);
        foreach (var (key, value) in changes)
        {
            values[key] = value;
        }

        var temporary = path + ".new";
        File.WriteAllLines(temporary, values.Select(v => $"{v.Key}={v.Value}"));
        File.Move(temporary, path, overwrite: true);
        return new BootEnvironment(values);
    }
}
