namespace Appliance.Linux.Netlink;

/// <summary>The IFF_* device flags of net/if.h and linux/if.h, as the kernel reports them in ifi_flags.</summary>
[Flags]
public enum LinkFlags : uint
{
    None = 0,
    /// <summary>IFF_UP: administratively up (ip link set up).</summary>
    Up = 0x1,
    Broadcast = 0x2,
    Debug = 0x4,
    Loopback = 0x8,
    PointToPoint = 0x10,
    NoTrailers = 0x20,
    /// <summary>IFF_RUNNING: operationally up (RFC 2863 "up"), derived by the kernel from carrier and dormancy.</summary>
    Running = 0x40,
    NoArp = 0x80,
    Promiscuous = 0x100,
    AllMulticast = 0x200,
    Master = 0x400,
    Slave = 0x800,
    Multicast = 0x1000,
    PortSelect = 0x2000,
    AutoMedia = 0x4000,
    Dynamic = 0x8000,
    /// <summary>IFF_LOWER_UP: the driver signals carrier (cable in, veth peer up).</summary>
    LowerUp = 0x10000,
    Dormant = 0x20000,
    Echo = 0x40000,
}
