namespace Appliance.Config;

internal enum IniLineKind
{
    Blank,
    Comment,
    Section,
    Key,
    Malformed,
}

/// <summary>
/// One physical line, kept byte for byte (<see cref="Text"/> plus <see cref="Terminator"/>) together with what
/// Microsoft.Extensions.Configuration.Ini would make of it.
/// </summary>
internal sealed class IniLine
{
    public required string Text { get; init; }

    /// <summary>"\n", "\r\n", "\r" (StreamReader.ReadLine breaks on a lone CR too) or "" for a last line without one.</summary>
    public required string Terminator { get; set; }

    public IniLineKind Kind { get; init; }

    /// <summary>Section lines: the name between the brackets, trimmed, as the Ini provider takes it.</summary>
    public string? Section { get; init; }

    /// <summary>Key lines: the trimmed key.</summary>
    public string? Key { get; init; }

    /// <summary>Key lines: the trimmed value with one pair of surrounding double quotes removed, as the Ini provider does.</summary>
    public string? Value { get; init; }

    /// <summary>Key lines: where the value starts in <see cref="Text"/> (for edits that keep the key's spelling).</summary>
    public int ValueStart { get; init; }

    /// <summary>Malformed lines: what is wrong.</summary>
    public string? Problem { get; init; }

    /// <summary>Malformed lines that start with '[': a broken section header, so the keys below belong to no known section.</summary>
    public bool LooksLikeSection { get; init; }
}
