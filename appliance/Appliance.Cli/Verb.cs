namespace Appliance.Cli;

/// <summary>One verb of the multi-call binary: <c>appliance vrrp decode HEX</c> is the verb "vrrp decode".</summary>
internal sealed record Verb(string Name, string Arguments, string Summary, Func<string[], Task<int>> Run)
{
    /// <summary>Each option with one line of meaning, as <c>appliance help VERB</c> lists them.</summary>
    public IReadOnlyList<VerbOption> Options { get; init; } = [];

    /// <summary>What each exit code means for this verb; the shared three unless the verb says more.</summary>
    public IReadOnlyList<VerbExit> Exits { get; init; } = VerbExit.Standard;
}

internal sealed record VerbOption(string Name, string Meaning)
{
    public static readonly VerbOption Config = new("--config PATH", "the supervisor's appliance.ini: its [system] state_dir says where it listens");
    public static readonly VerbOption Socket = new("--socket PATH", "the supervisor's control socket (default /run/appliance/control.sock)");
    public static readonly VerbOption[] Target = [Config, Socket];
}

internal sealed record VerbExit(int Code, string Meaning)
{
    public static readonly VerbExit[] Standard =
    [
        new(ExitCodes.Ok, "done"),
        new(ExitCodes.Failed, "failed: the reason is on standard error"),
        new(ExitCodes.Usage, "the command line is wrong"),
    ];
}

/// <summary>Exit codes shared by every verb, so scripts can tell bad usage from a failed check.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
}

/// <summary>A wrong command line; the dispatcher prints it with the verb's usage.</summary>
internal sealed class UsageException(string message) : Exception(message);
