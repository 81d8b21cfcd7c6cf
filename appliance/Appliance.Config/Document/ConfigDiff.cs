namespace Appliance.Config;

/// <summary>
/// What an edit changes, key by key, for the console's "review before commit" and the control socket. Names compare
/// case-insensitively as the loader reads them; values compare as text. Secret values are shown as (hidden).
/// </summary>
public static class ConfigDiff
{
    private const string Hidden = "(hidden)";

    public static IReadOnlyList<ConfigChange> Compute(string oldText, string newText) =>
        Compute(ConfigDocument.Parse(oldText), ConfigDocument.Parse(newText));

    public static IReadOnlyList<ConfigChange> Compute(ConfigDocument before, ConfigDocument after)
    {
        var changes = new List<ConfigChange>();
        var oldSections = before.Sections;
        var newSections = after.Sections;
        foreach (var section in newSections)
        {
            var existed = oldSections.Any(s => string.Equals(s, section, StringComparison.OrdinalIgnoreCase));
            if (!existed)
            {
                changes.Add(new ConfigChange(ConfigChangeKind.SectionAdded, section, null, null, null));
            }

            var oldEntries = existed ? before.Entries(section) : [];
            var newEntries = after.Entries(section);
            foreach (var (key, value) in newEntries)
            {
                var old = oldEntries.FirstOrDefault(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase));
                if (old.Key is null)
                {
                    changes.Add(new ConfigChange(ConfigChangeKind.KeyAdded, section, key, null, Redact(key, value)));
                }
                else if (!string.Equals(old.Value, value, StringComparison.Ordinal))
                {
                    changes.Add(new ConfigChange(ConfigChangeKind.KeyChanged, section, key, Redact(key, old.Value), Redact(key, value)));
                }
            }

            foreach (var (key, value) in oldEntries)
            {
                if (!newEntries.Any(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase)))
                {
                    changes.Add(new ConfigChange(ConfigChangeKind.KeyRemoved, section, key, Redact(key, value), null));
                }
            }
        }

        foreach (var section in oldSections)
        {
            if (!newSections.Any(s => string.Equals(s, section, StringComparison.OrdinalIgnoreCase)))
            {
                changes.Add(new ConfigChange(ConfigChangeKind.SectionRemoved, section, null, null, null));
                foreach (var (key, value) in before.Entries(section))
                {
                    changes.Add(new ConfigChange(ConfigChangeKind.KeyRemoved, section, key, Redact(key, value), null));
                }
            }
        }

        return changes;
    }

    internal static bool IsSecret(string key) => string.Equals(key, "console_password", StringComparison.OrdinalIgnoreCase);

    private static string Redact(string key, string value) => IsSecret(key) && value.Length > 0 ? Hidden : value;
}
