namespace Appliance.Config;

/// <summary>Collects diagnostics during one load, attaching line numbers from the <see cref="SourceMap"/>.</summary>
internal sealed class Findings(SourceMap map)
{
    private readonly List<ConfigDiagnostic> _all = [];

    public SourceMap Map => map;

    public bool HasErrors => _all.Any(d => d.IsError);

    public int ErrorCount => _all.Count(d => d.IsError);

    public void Add(ConfigDiagnostic diagnostic) => _all.Add(diagnostic);

    public void Error(string section, string? key, string? value, string message) =>
        Add(ConfigSeverity.Error, section, key, value, message);

    public void Warning(string section, string? key, string? value, string message) =>
        Add(ConfigSeverity.Warning, section, key, value, message);

    public void Add(ConfigSeverity severity, string section, string? key, string? value, string message)
    {
        if (key is not null && ConfigDiff.IsSecret(key) && !string.IsNullOrEmpty(value))
        {
            value = "(hidden)";
        }

        var spelledSection = map.SectionSpelling(section);
        _all.Add(new ConfigDiagnostic(severity, spelledSection, key, value, message, map.Line(section, key)));
    }

    /// <summary>For what only the raw text knows: a line number without a key in the <see cref="SourceMap"/>.</summary>
    public void AddAt(ConfigSeverity severity, string section, string? key, string? value, string message, int line) =>
        _all.Add(new ConfigDiagnostic(severity, section, key, value, message, line));

    /// <summary>Line order (diagnostics without a line last), then the order they were found.</summary>
    public IReadOnlyList<ConfigDiagnostic> Sorted() =>
        _all.Select((d, i) => (d, i)).OrderBy(x => x.d.Line ?? int.MaxValue).ThenBy(x => x.i).Select(x => x.d).ToList();
}
