namespace Appliance.Config;

public enum ConfigSeverity
{
    Error,
    Warning,
}

/// <summary>
/// One finding of the loader: which section, key and value, what is wrong, and on which line.
/// <see cref="Section"/> is "" for lines outside any section; <see cref="Line"/> is null only when the problem has
/// no place in the file (a required key of a section that is itself missing).
/// </summary>
public sealed record ConfigDiagnostic(ConfigSeverity Severity, string Section, string? Key, string? Value, string Message, int? Line)
{
    public const string DefaultFileName = "appliance.ini";
    private const int MaxShownValue = 80;

    public bool IsError => Severity == ConfigSeverity.Error;

    /// <summary><c>appliance.ini:14: [vrrp:web] priority = 300: out of range: priority must be 1-254 (...)</c></summary>
    public override string ToString() => Format(DefaultFileName);

    public string Format(string? fileName)
    {
        var where = Line is { } line ? $"{fileName ?? DefaultFileName}:{line}: " : $"{fileName ?? DefaultFileName}: ";
        var what = (Section.Length, Key, Value) switch
        {
            (0, null, _) => "",
            (0, { } key, null) => $"{key}: ",
            (0, { } key, { } value) => $"{key} = {Show(value)}: ",
            (_, null, _) => $"[{Section}]: ",
            (_, { } key, null) => $"[{Section}] {key}: ",
            (_, { } key, { } value) => $"[{Section}] {key} = {Show(value)}: ",
        };
        var severity = Severity == ConfigSeverity.Warning ? "warning: " : "";
        return where + what + severity + Message;
    }

    private static string Show(string value) => value.Length switch
    {
        0 => "\"\"",
        > MaxShownValue => value[..MaxShownValue] + "...",
        _ => value,
    };
}
