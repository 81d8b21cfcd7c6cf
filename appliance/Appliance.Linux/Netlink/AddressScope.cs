namespace Appliance.Linux.Netlink;

/// <summary>RT_SCOPE_* of linux/rtnetlink.h, the ifa_scope of an address.</summary>
public enum AddressScope : byte
{
    /// <summary>"global" in ip(8) output.</summary>
    Universe = 0,
    Site = 200,
    Link = 253,
    Host = 254,
    Nowhere = 255,
}
