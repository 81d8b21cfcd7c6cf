namespace Appliance.Config;

/// <summary>
/// A key as operators name it on the console and the control socket: <c>vrrp:web:priority</c>,
/// <c>system:hostname</c>, <c>vrrp:web:track:nginx</c>. The last component is the key, the rest the section.
/// </summary>
public readonly record struct ConfigKeyPath(string Section, string Key)
{
    public static bool TryParse(string? text, out ConfigKeyPath path) => TryParse(text, out path, out _);

    public static bool TryParse(string? text, out ConfigKeyPath path, out string? error)
    {
        path = default;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            error = "empty key path: write section:key, e.g. vrrp:web:priority";
            return false;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            error = $"'{text}' is not section:key (e.g. system:hostname, vrrp:web:priority)";
            return false;
        }

        var section = text[..colon];
        var key = text[(colon + 1)..];
        error = IniLexer.SectionProblem(section) ?? IniLexer.KeyProblem(key);
        if (error is not null)
        {
            error = $"'{text}': {error}";
            return false;
        }

        path = new ConfigKeyPath(section, key);
        return true;
    }

    public override string ToString() => $"{Section}:{Key}";
}
