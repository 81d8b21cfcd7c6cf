using Appliance.Config;

namespace Appliance.Supervisor.Configuration;

/// <summary>
/// Which configuration a starting supervisor runs, as a pure core (the edge reads the files and acts). The file
/// when it is valid; on a truly empty data partition (no file at all) the factory defaults, written once (first
/// boot). As PID 1 an invalid file is never overwritten: it is kept as it is (and copied aside as
/// <c>.rejected</c>), the last good configuration runs if there is one, and otherwise the box comes up in safe
/// mode: no VRRP instance, nothing claimed, the console and control socket up so an operator can fix it. A service
/// (not PID 1) refuses to start instead, as a service manager can report that.
/// </summary>
internal static class BootPolicy
{
    /// <summary>What safe mode runs: the built-in defaults (default state_dir, console, nginx) and no VRRP instance at all.</summary>
    public static ApplianceConfig SafeModeConfig { get; } = new();

    /// <param name="pid1">Whether this process is the init of its PID namespace.</param>
    /// <param name="fileText">The configuration file, or null when there is none.</param>
    /// <param name="lastGoodText">The last good copy, or null.</param>
    /// <param name="environment">What the box knows at boot (links may still appear: see <see cref="ConfigEnvironment.LinksMayAppear"/>).</param>
    public static BootDecision Decide(bool pid1, string? fileText, string? lastGoodText, ConfigEnvironment environment)
    {
        if (fileText is null)
        {
            return pid1
                ? new BootDecision(BootChoice.FirstBoot, Load(FactoryDefaults.Text, environment).Config, FactoryDefaults.Text, [], "first boot: no configuration file; the factory defaults are written")
                : new BootDecision(BootChoice.Refuse, null, null, [], "the configuration file does not exist");
        }

        var file = Load(fileText, environment);
        if (file.Config is { } config)
        {
            return new BootDecision(BootChoice.File, config, fileText, file.Diagnostics, null);
        }

        var errors = $"{file.Errors.Count()} error(s) in the configuration file";
        if (!pid1)
        {
            return new BootDecision(BootChoice.Refuse, null, null, file.Diagnostics, $"{errors}; not starting");
        }

        if (lastGoodText is not null && Load(lastGoodText, environment).Config is { } lastGood)
        {
            return new BootDecision(BootChoice.LastGood, lastGood, lastGoodText, file.Diagnostics,
                $"{errors}: it is kept unchanged (a copy is appliance.ini.rejected); the last good configuration runs");
        }

        // The operator edits the broken text (config set / load, or the file and SIGHUP): a valid commit leaves safe mode.
        return new BootDecision(BootChoice.SafeMode, SafeModeConfig, fileText, file.Diagnostics,
            $"SAFE MODE: {errors} and no last good copy; no VRRP instance runs until a valid configuration is committed ({FirstError(file)})");
    }

    /// <summary>Safe mode for a start-up that failed outside validation (an exception, a state_dir that cannot be written).</summary>
    public static BootDecision SafeModeAfter(string failure, string? fileText) =>
        new(BootChoice.SafeMode, SafeModeConfig, fileText ?? string.Empty, [], $"SAFE MODE: start-up failed: {failure}");

    private static ConfigLoadResult Load(string text, ConfigEnvironment environment) => ApplianceConfigLoader.Load(text, environment);

    private static string FirstError(ConfigLoadResult load) =>
        load.Errors.FirstOrDefault()?.ToString() is { } first ? $"first: {first}" : "no detail";
}

internal enum BootChoice
{
    File,
    FirstBoot,
    LastGood,
    SafeMode,
    Refuse,
}

/// <param name="Choice">What runs.</param>
/// <param name="Config">The configuration in force (null only for <see cref="BootChoice.Refuse"/>).</param>
/// <param name="RunningText">The text the operator's session starts from (the broken file itself in safe mode).</param>
/// <param name="Diagnostics">The file's diagnostics, for the log and the console.</param>
/// <param name="Reason">Why it is not simply the file; null when it is.</param>
internal sealed record BootDecision(BootChoice Choice, ApplianceConfig? Config, string? RunningText, IReadOnlyList<ConfigDiagnostic> Diagnostics, string? Reason)
{
    public bool SafeMode => Choice == BootChoice.SafeMode;

    /// <summary>The file was refused at boot: a copy is kept beside it for the operator.</summary>
    public bool KeepRejected => Choice is BootChoice.LastGood or BootChoice.SafeMode && Diagnostics.Count > 0;
}
