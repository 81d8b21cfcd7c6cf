namespace Appliance.Linux.Netlink;

/// <summary>IFA_F_* of linux/if_addr.h. Values above 0xFF travel in the IFA_FLAGS attribute.</summary>
[Flags]
public enum AddressFlags : uint
{
    None = 0,
    /// <summary>IPv4: a further address in a subnet the interface already has. IPv6: IFA_F_TEMPORARY.</summary>
    Secondary = 0x01,
    /// <summary>
    /// IPv6: skip duplicate address detection. A VIP must carry it: otherwise it stays tentative (unusable: no
    /// bind, no source address) for the DAD time, ~1 s, after every takeover.
    /// </summary>
    NoDad = 0x02,
    Optimistic = 0x04,
    /// <summary>IPv6: duplicate address detection found the address in use elsewhere; it is not usable.</summary>
    DadFailed = 0x08,
    HomeAddress = 0x10,
    Deprecated = 0x20,
    /// <summary>IPv6: duplicate address detection still running; the address cannot be used yet.</summary>
    Tentative = 0x40,
    Permanent = 0x80,
    ManageTemporaryAddress = 0x100,
    /// <summary>Do not add the prefix route for this address (ip's noprefixroute).</summary>
    NoPrefixRoute = 0x200,
    MulticastAutoJoin = 0x400,
    StablePrivacy = 0x800,
}
