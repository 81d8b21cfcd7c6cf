namespace Appliance.Config;

public enum ConfigChangeKind
{
    SectionAdded,
    SectionRemoved,
    KeyAdded,
    KeyRemoved,
    KeyChanged,
}

/// <summary>One line of a <see cref="ConfigDiff"/>; <see cref="ToString"/> is what the console shows.</summary>
public sealed record ConfigChange(ConfigChangeKind Kind, string Section, string? Key, string? OldValue, string? NewValue)
{
    public override string ToString() => Kind switch
    {
        ConfigChangeKind.SectionAdded => $"[{Section}]: section added",
        ConfigChangeKind.SectionRemoved => $"[{Section}]: section removed",
        _ => $"[{Section}] {Key}: {Show(OldValue)} -> {Show(NewValue)}",
    };

    private static string Show(string? value) => value switch
    {
        null => "(not set)",
        "" => "\"\"",
        _ => value,
    };
}
