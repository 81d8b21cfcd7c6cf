namespace Appliance.Config;

/// <summary>
/// What the loader may know about the box it runs on. Without it (tests, <c>config check</c> on a workstation,
/// the importer) only what the file itself declares counts.
/// </summary>
public sealed record ConfigEnvironment
{
    public static readonly ConfigEnvironment None = new();

    /// <summary>
    /// The kernel's link names (from a netlink dump), or null when unknown. When given, a VRRP instance or a track
    /// entry may name an interface that has no [interface:NAME] section, and a declared interface that does not
    /// exist gets a warning.
    /// </summary>
    public IReadOnlyCollection<string>? KnownInterfaces { get; init; }
}
