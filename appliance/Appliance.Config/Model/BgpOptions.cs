using System.Net;

namespace Appliance.Config;

/// <summary>
/// The <c>[bgp]</c> section: the sessions BIRD opens to announce the <c>[anycast:NAME]</c> prefixes. One session per
/// neighbour, all to the same AS; BFD (RFC 5880/5881) on each unless turned off.
/// </summary>
public sealed record BgpOptions
{
    /// <summary>BFD's detect multiplier: a neighbour that misses this many intervals in a row is down (RFC 5880 6.8.4).</summary>
    public const int BfdMultiplier = 3;

    public required uint LocalAs { get; init; }

    public IReadOnlyList<IPAddress> Neighbors { get; init => field = EquatableList.From(value); } = EquatableList<IPAddress>.Empty;

    public required uint NeighborAs { get; init; }

    /// <summary>The given router_id, or the first IPv4 address of the [interface:NAME] sections.</summary>
    public required IPAddress RouterId { get; init; }

    public bool Bfd { get; init; } = true;

    public TimeSpan BfdInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}
