using System.Net;
using System.Net.Sockets;
using Appliance.Vrrp.Wire;

namespace Appliance.Vrrp.Router;

/// <summary>The configuration of one virtual router, as the core needs it (RFC 9568 6.1 parameters and ours).</summary>
public sealed record VirtualRouterOptions
{
    /// <summary>
    /// A v3 backup adopts the master's advertisement interval up to this many times its own (see
    /// <see cref="VirtualRouter.MaxLearnedInterval"/>): 1 s configured tolerates a master at up to 4 s, and a
    /// failover never takes more than 12 s plus skew, however long an interval an advertisement claims.
    /// </summary>
    public const int MaxLearnedIntervalFactor = 4;

    /// <summary>The instance name operators use (<c>[vrrp:web]</c>).</summary>
    public required string Name { get; init; }

    public required byte VirtualRouterId { get; init; }

    public VrrpVersion Version { get; init; } = VrrpVersion.V3;

    /// <summary>Configured priority: 1-254, or 255 for the owner of the addresses.</summary>
    public required byte Priority { get; init; }

    public TimeSpan AdvertisementInterval { get; init; } = TimeSpan.FromSeconds(1);

    public bool Preempt { get; init; } = true;

    /// <summary>After entering Backup, how long a lower-priority master is still accepted (keepalived's preempt_delay).</summary>
    public TimeSpan PreemptDelay { get; init; }

    public bool AcceptMode { get; init; }

    /// <summary>Our own address on the interface: the advertisement's source and the tie-breaker (RFC 9568 6.4.3).</summary>
    public required IPAddress PrimaryAddress { get; init; }

    public required IReadOnlyList<VirtualAddress> VirtualAddresses { get; init; }

    /// <summary>Gratuitous ARPs / unsolicited NAs sent on becoming master, and how far apart.</summary>
    public int AnnounceCount { get; init; } = 3;

    public TimeSpan AnnounceInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// While master, announce every virtual address again this often (keepalived's garp_master_refresh), so that a
    /// switch or client that lost its entry learns it back before the next transition. Null: never.
    /// </summary>
    public TimeSpan? AnnounceRefresh { get; init; }

    public IReadOnlyList<TrackedObject> Track { get; init; } = [];

    /// <summary>
    /// A member of a sync group (keepalived's <c>vrrp_sync_group</c>): when its Master_Down_Timer fires it only
    /// wants Master (<see cref="VirtualRouter.WantsMaster"/>) and waits for <see cref="RouterEvent.GroupElected"/>,
    /// given once every member of the group wants it too, so the members change state together. An address owner
    /// does not wait: RFC 9568 6.4.1 makes it master at once.
    /// </summary>
    public bool ElectsWithGroup { get; init; }

    /// <summary>
    /// How long a releasing master keeps its addresses waiting for a successor's advertisement. Null: twice the
    /// advertisement interval plus 100 ms, enough for a backup's skew time and one lost priority-0 advertisement.
    /// </summary>
    public TimeSpan? ReleaseTimeout { get; init; }

    /// <summary>
    /// After a releasing master hears its successor it keeps the addresses this much longer, so that clients that
    /// have not yet processed the successor's gratuitous ARP (a busy host, a slow softirq) are still served here
    /// rather than sent to a box that no longer holds the address.
    /// </summary>
    public TimeSpan ReleaseLinger { get; init; } = TimeSpan.FromMilliseconds(50);

    public AddressFamily Family => PrimaryAddress.AddressFamily;

    public bool IsOwner => Priority == VrrpProtocol.OwnerPriority;

    public TimeSpan EffectiveReleaseTimeout => ReleaseTimeout ?? (2 * AdvertisementInterval) + TimeSpan.FromMilliseconds(100);

    /// <summary>Throws for options that cannot run; the configuration loader reports these to operators first.</summary>
    public void Validate()
    {
        Require(VirtualRouterId != 0, "VRID must be 1-255");
        Require(Priority != VrrpProtocol.ResignPriority, "priority 0 is reserved for resignation");
        Require(VirtualAddresses.Count is > 0 and <= 255, "1-255 virtual addresses are needed");
        Require(VirtualAddresses.All(a => a.Address.AddressFamily == Family), "virtual addresses must be of the primary address's family");
        Require(Version == VrrpVersion.V3 || Family == AddressFamily.InterNetwork, "VRRPv2 is IPv4 only");
        Require(AnnounceCount >= 0 && AnnounceInterval >= TimeSpan.Zero, "announce count and interval cannot be negative");
        Require(PreemptDelay >= TimeSpan.Zero, "preempt delay cannot be negative");
        Require(AnnounceRefresh is null || AnnounceRefresh > TimeSpan.Zero, "the announce refresh interval must be positive");
        if (Version == VrrpVersion.V2)
        {
            Require(AdvertisementInterval.Ticks % TimeSpan.TicksPerSecond == 0
                && AdvertisementInterval >= TimeSpan.FromSeconds(1) && AdvertisementInterval <= VrrpProtocol.V2MaximumInterval,
                "VRRPv2 advertisement interval must be 1-255 whole seconds");
        }
        else
        {
            Require(AdvertisementInterval.Ticks % (10 * TimeSpan.TicksPerMillisecond) == 0
                && AdvertisementInterval >= VrrpProtocol.V3MinimumInterval && AdvertisementInterval <= VrrpProtocol.V3MaximumInterval,
                "VRRPv3 advertisement interval must be 10ms-40.95s in 10 ms steps");
        }
    }

    private void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"vrrp instance {Name}: {message}");
        }
    }
}
