namespace Appliance.Cli;

/// <summary>One verb of the multi-call binary: <c>appliance vrrp decode HEX</c> is the verb "vrrp decode".</summary>
internal sealed record Verb(string Name, string Arguments, string Summary, Func<string[], Task<int>> Run);

/// <summary>Exit codes shared by every verb, so scripts can tell bad usage from a failed check.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
}

/// <summary>A wrong command line; the dispatcher prints it with the verb's usage.</summary>
internal sealed class UsageException(string message) : Exception(message);
