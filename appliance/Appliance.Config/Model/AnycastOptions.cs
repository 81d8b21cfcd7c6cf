namespace Appliance.Config;

/// <summary>
/// An <c>[anycast:NAME]</c> section: host routes held on the loopback and announced over every <c>[bgp]</c> session
/// of their family while <see cref="Track"/> is healthy.
/// </summary>
public sealed record AnycastOptions
{
    public required string Name { get; init; }

    /// <summary>Host routes only: /32 for IPv4, /128 for IPv6.</summary>
    public IReadOnlyList<InterfaceAddress> Prefixes { get; init => field = EquatableList.From(value); } = EquatableList<InterfaceAddress>.Empty;

    /// <summary><see cref="TrackSpec.Nginx"/>, a [check:NAME] (as its section spells it) or an interface name.</summary>
    public string Track { get; init; } = TrackSpec.Nginx;
}
