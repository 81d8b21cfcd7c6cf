namespace Appliance.Linux.Netlink;

/// <summary>
/// MACVLAN_MODE_* of linux/if_link.h. keepalived gives its VRRP virtual MAC interface mode private: the
/// interface then never talks to sibling macvlans on the same parent, only to the wire.
/// </summary>
public enum MacvlanMode : uint
{
    /// <summary>No traffic between macvlans of the same parent.</summary>
    Private = 1,
    /// <summary>Traffic between siblings goes out to the switch and back (needs a hairpin-capable switch).</summary>
    Vepa = 2,
    /// <summary>Siblings on the same parent reach each other directly.</summary>
    Bridge = 4,
    Passthru = 8,
    Source = 16,
}
