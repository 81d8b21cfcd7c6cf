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

    /// <summary>
    /// At boot links appear late (drivers, hot-plug, a veth moved in): a VRRP instance or track entry naming an
    /// interface that is not there yet is then a warning and the instance waits for it, never an error that
    /// discards the configuration. A live commit leaves this off, so a typo is caught while the operator is there.
    /// </summary>
    public bool LinksMayAppear { get; init; }
}
