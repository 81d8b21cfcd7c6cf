namespace Appliance.Config;

/// <summary>Where each section and key was written (first occurrence) and how it was spelled.</summary>
internal sealed class SourceMap
{
    private readonly Dictionary<string, (string Spelling, int Line)> _sections = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (string Spelling, int Line)> _keys = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _order = [];

    public void AddSection(string section, int line)
    {
        if (_sections.TryAdd(section, (section, line)))
        {
            _order.Add(section);
        }
    }

    /// <summary>Every known section, spelled as first written, in file order.</summary>
    public IReadOnlyList<string> Sections => _order;

    public void AddKey(string section, string key, int line) => _keys.TryAdd(section + "\n" + key, (key, line));

    public bool HasSection(string section) => _sections.ContainsKey(section);

    /// <summary>The section as first written (<c>VRRP:Web</c> stays as the operator typed it).</summary>
    public string SectionSpelling(string section) => _sections.TryGetValue(section, out var s) ? s.Spelling : section;

    public int? SectionLine(string section) => _sections.TryGetValue(section, out var s) ? s.Line : null;

    public int? KeyLine(string section, string key) => _keys.TryGetValue(section + "\n" + key, out var k) ? k.Line : null;

    /// <summary>The key's line, else its section's header line.</summary>
    public int? Line(string section, string? key) =>
        (key is null ? null : KeyLine(section, key)) ?? SectionLine(section);
}
