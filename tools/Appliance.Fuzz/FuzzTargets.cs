namespace Appliance.Fuzz;

/// <summary>One input of a campaign to the product code that parses it.</summary>
internal delegate void FuzzTarget(ReadOnlySpan<byte> input);

/// <summary>
/// The parsers that read bytes from outside the box, by name. Each target calls the product's own entry point and
/// lets through only the rejection that parser documents (a return value, or its one exception type); anything
/// else, and any broken promise the target checks (<see cref="FuzzFinding"/>), escapes and is a crash for afl-fuzz.
/// </summary>
internal static class FuzzTargets
{
    private static readonly Dictionary<string, FuzzTarget> Targets = new(StringComparer.Ordinal)
    {
        ["vrrp"] = VrrpTarget.Run,
        ["netlink"] = NetlinkTarget.Run,
        ["ini"] = ConfigTargets.Ini,
        ["keepalived"] = ConfigTargets.Keepalived,
        ["control"] = ControlTarget.Run,
        ["manifest"] = UpgradeTargets.Manifest,
        ["bundle"] = UpgradeTargets.Bundle,
        ["keys"] = ConsoleKeysTarget.Run,
        ["scrape"] = ScrapeTarget.Run,
    };

    public static IEnumerable<string> Names => Targets.Keys;

    public static FuzzTarget? Find(string name) => Targets.GetValueOrDefault(name);
}

/// <summary>A promise of the parser broken by an input: reported as a crash like an exception the parser let out.</summary>
internal sealed class FuzzFinding(string message) : Exception(message)
{
    public static void Require(bool condition, string promise)
    {
        if (!condition)
        {
            throw new FuzzFinding(promise);
        }
    }
}
