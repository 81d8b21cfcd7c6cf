using System.Net.NetworkInformation;

namespace Appliance.Linux.Netlink;

/// <summary>One network interface as RTM_NEWLINK describes it.</summary>
public sealed record LinkInfo
{
    /// <summary>ifindex: stable for the life of the interface, reused after deletion.</summary>
    public required int Index { get; init; }

    public required string Name { get; init; }

    public LinkFlags Flags { get; init; }

    public OperState OperState { get; init; }

    /// <summary>IFLA_ADDRESS: the hardware address, absent on some tunnels.</summary>
    public PhysicalAddress? Address { get; init; }

    public int Mtu { get; init; }

    /// <summary>IFLA_INFO_KIND: "veth", "macvlan", "bridge", ...; null for plain hardware devices.</summary>
    public string? Kind { get; init; }

    /// <summary>
    /// IFLA_LINK: the lower device of a macvlan or vlan, the peer of a veth. Null when absent, and null when the
    /// kernel says the index belongs to another network namespace (IFLA_LINK_NETNSID), where it would mislead.
    /// </summary>
    public int? ParentIndex { get; init; }

    /// <summary>IFLA_MASTER: the bridge or bond this interface is enslaved to.</summary>
    public int? MasterIndex { get; init; }

    /// <summary>IFLA_MACVLAN_MODE for kind "macvlan".</summary>
    public MacvlanMode? MacvlanMode { get; init; }

    public bool IsUp => (Flags & LinkFlags.Up) != 0;

    /// <summary>IFF_LOWER_UP: carrier is present.</summary>
    public bool HasCarrier => (Flags & LinkFlags.LowerUp) != 0;
}
