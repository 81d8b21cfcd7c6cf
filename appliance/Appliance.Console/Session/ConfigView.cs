using Appliance.Config;

namespace Appliance.ConsoleUi.Session;

/// <summary>
/// The configuration as the supervisor last reported it (config.get): the running text and, when changes are
/// staged, the staged text. The console reads names and values from it, and checks a value locally (for an
/// answer before anything is sent) with the same loader and the same messages as <c>appliance config check</c>.
/// </summary>
internal sealed class ConfigView
{
    private readonly ConfigEnvironment _environment;
    private ConfigDocument? _running;
    private ConfigDocument? _working;
    private ConfigLoadResult? _runningLoad;

    public ConfigView(string running, string? staged, ConfigEnvironment environment)
    {
        Running = running;
        Staged = string.IsNullOrEmpty(staged) || staged == running ? null : staged;
        _environment = environment;
    }

    public string Running { get; }

    /// <summary>The staged text, or null when nothing differs from the running one.</summary>
    public string? Staged { get; }

    /// <summary>What edits apply on top of: the staged text, else the running one.</summary>
    public string Working => Staged ?? Running;

    public ConfigDocument RunningDocument => _running ??= ConfigDocument.Parse(Running);

    public ConfigDocument WorkingDocument => _working ??= ConfigDocument.Parse(Working);

    private ConfigLoadResult RunningLoad => _runningLoad ??= ApplianceConfigLoader.Load(Running, _environment);

    public IReadOnlyList<ConfigChange> StagedChanges => Staged is null ? [] : ConfigDiff.Compute(RunningDocument, WorkingDocument);

    public string Hostname => RunningLoad.Config?.System.Hostname ?? RunningDocument.Get("system", "hostname") ?? "appliance";

    /// <summary>The stored hash of the console password from the running file; null when none is set.</summary>
    public string? PasswordHash
    {
        get
        {
            var value = RunningDocument.Get("system", "console_password");
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }
    }

    public bool ShellEnabled =>
        RunningLoad.Config?.System.Shell ?? string.Equals(RunningDocument.Get("system", "shell")?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Instance names of the working text ([vrrp:NAME]), in file order.</summary>
    public IReadOnlyList<string> Instances => NamesOf(WorkingDocument, "vrrp", 2);

    /// <summary>Interface names of the working text ([interface:NAME]), in file order.</summary>
    public IReadOnlyList<string> Interfaces => NamesOf(WorkingDocument, "interface", 2);

    /// <summary>The first interface of the running file with an address: the box's management address.</summary>
    public (string Interface, string Address, string? Gateway)? Management
    {
        get
        {
            foreach (var name in NamesOf(RunningDocument, "interface", 2))
            {
                var address = RunningDocument.Get($"interface:{name}", "address");
                if (!string.IsNullOrWhiteSpace(address))
                {
                    var gateway = RunningDocument.Get($"interface:{name}", "gateway");
                    return (name, address.Trim(), string.IsNullOrWhiteSpace(gateway) ? null : gateway.Trim());
                }
            }

            return null;
        }
    }

    public string? Get(ConfigKeyPath path) => WorkingDocument.Get(path);

    /// <summary>The keys of a section of the working text (track entries of an instance, for instance).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Entries(string section) => WorkingDocument.Entries(section);

    /// <summary>The working text with <paramref name="edits"/> applied; null and the reason when one cannot be written.</summary>
    public string? Apply(IEnumerable<ConfigEdit> edits, out string? problem)
    {
        var document = ConfigDocument.Parse(Working);
        foreach (var edit in edits)
        {
            if (edit.Removes)
            {
                document.Remove(edit.Path);
            }
            else if (!document.TrySet(edit.Path.Section, edit.Path.Key, edit.Value, out problem))
            {
                problem = $"{edit.Path}: {problem}";
                return null;
            }
        }

        problem = null;
        return document.ToString();
    }

    /// <summary>
    /// The errors the loader finds in <paramref name="focus"/> once <paramref name="edits"/> are applied, as
    /// <c>appliance config check</c> prints them; empty when the value is acceptable. Problems elsewhere in the
    /// file are not the answer's fault and are left to the review before commit.
    /// </summary>
    public IReadOnlyList<string> Check(IReadOnlyList<ConfigEdit> edits, ConfigKeyPath focus)
    {
        var text = Apply(edits, out var problem);
        if (text is null)
        {
            return [problem!];
        }

        return ApplianceConfigLoader.Load(text, _environment).Errors
            .Where(d => string.Equals(d.Section, focus.Section, StringComparison.OrdinalIgnoreCase)
                        && string.Equals(d.Key, focus.Key, StringComparison.OrdinalIgnoreCase))
            .Select(d => d.ToString())
            .ToList();
    }

    /// <summary>Errors of the staged text (what a commit would be refused for), formatted as config check does.</summary>
    public IReadOnlyList<string> StagedErrors() =>
        Staged is null ? [] : ApplianceConfigLoader.Load(Staged, _environment).Errors.Select(d => d.ToString()).ToList();

    private static List<string> NamesOf(ConfigDocument document, string word, int parts) =>
        document.Sections
            .Select(s => s.Split(':'))
            .Where(p => p.Length == parts && string.Equals(p[0], word, StringComparison.OrdinalIgnoreCase) && p[1].Length > 0)
            .Select(p => p[1])
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
}
