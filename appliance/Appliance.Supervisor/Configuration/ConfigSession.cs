using Appliance.Config;

namespace Appliance.Supervisor.Configuration;

/// <summary>
/// The operator's side of the configuration: changes are staged on a copy of the running file, validated as a whole
/// with the same messages as <c>appliance config check</c>, shown as a per-key diff, and committed (the confirmation
/// window of a commit-confirmed change is <see cref="ConfirmWindow"/>'s). Pure bookkeeping: the supervisor writes
/// and applies.
/// </summary>
internal sealed class ConfigSession
{
    private readonly Func<ConfigEnvironment> _environment;
    private ConfigDocument? _staged;

    public ConfigSession(string runningText, Func<ConfigEnvironment> environment)
    {
        RunningText = runningText;
        _environment = environment;
    }

    /// <summary>The text of the configuration in force (what is on disk).</summary>
    public string RunningText { get; private set; }

    public string? StagedText => _staged?.ToString();

    /// <summary>Applies KEY=VALUE assignments (an empty value removes the key) to the staged copy.</summary>
    public SessionResult Set(IReadOnlyList<string> assignments)
    {
        if (assignments.Count == 0)
        {
            return SessionResult.Refused("nothing to set: give KEY=VALUE, e.g. vrrp:web:priority=200");
        }

        var staged = ConfigDocument.Parse(StagedText ?? RunningText);
        foreach (var assignment in assignments)
        {
            var eq = assignment.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return SessionResult.Refused($"'{assignment}' is not KEY=VALUE");
            }

            var keyText = assignment[..eq].Trim();
            var value = assignment[(eq + 1)..].Trim();
            if (!ConfigKeyPath.TryParse(keyText, out var path, out var pathError))
            {
                return SessionResult.Refused($"'{keyText}': {pathError}");
            }

            if (value.Length == 0)
            {
                staged.Remove(path);
            }
            else if (!staged.TrySet(path.Section, path.Key, value, out var valueError))
            {
                return SessionResult.Refused($"{path} = {value}: {valueError}");
            }
        }

        _staged = staged;
        return Review();
    }

    /// <summary>Stages a whole text (factory defaults, a file an operator uploaded).</summary>
    public SessionResult StageText(string text)
    {
        _staged = ConfigDocument.Parse(text);
        return Review();
    }

    /// <summary>The staged changes as a diff against the running text, then the diagnostics of the staged text.</summary>
    public SessionResult Review()
    {
        var staged = StagedText ?? RunningText;
        var load = ApplianceConfigLoader.Load(staged, _environment());
        var messages = ConfigDiff.Compute(RunningText, staged).Select(c => c.ToString())
            .Concat(load.Diagnostics.Select(d => d.ToString()))
            .ToArray();
        return new SessionResult(true, null, messages, load);
    }

    /// <summary>
    /// What a commit would put in force: the staged text and its configuration, or the reason it cannot.
    /// Nothing changes until <see cref="Committed"/>.
    /// </summary>
    public SessionResult PrepareCommit()
    {
        if (_staged is null)
        {
            return SessionResult.Refused("nothing is staged: use config set first");
        }

        var review = Review();
        return review.Load!.Config is null
            ? new SessionResult(false, $"the staged configuration has {review.Load.Errors.Count()} error(s); nothing was committed", review.Messages, review.Load)
            : review;
    }

    /// <summary>The staged text is now on disk and in force.</summary>
    public void Committed(string text)
    {
        RunningText = text;
        _staged = null;
    }

    /// <summary>The previous text is back on disk and in force (a rollback, or a confirmation that never came).</summary>
    public void RolledBack(string text)
    {
        RunningText = text;
        _staged = null;
    }

    /// <summary>The file changed under us (SIGHUP after an edit): it is the running text now; staged changes go.</summary>
    public void Reloaded(string text)
    {
        RunningText = text;
        _staged = null;
    }

    public bool DiscardStaged()
    {
        var had = _staged is not null;
        _staged = null;
        return had;
    }
}

internal sealed record SessionResult(bool Ok, string? Error, IReadOnlyList<string> Messages, ConfigLoadResult? Load)
{
    public static SessionResult Refused(string error) => new(false, error, [], null);
}
