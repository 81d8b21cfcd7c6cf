namespace Appliance.Linux;

#pragma warning disable CS8981 // C names for C things: all-lowercase struct names as in linux/if_link.h, linux/rtnetlink.h.
internal static partial class Interop
{
    internal const ushort IFLA_ADDRESS = 1;
    internal const ushort IFLA_BROADCAST = 2;
    internal const ushort IFLA_IFNAME = 3;
    internal const ushort IFLA_MTU = 4;
    /// <summary>Index of the lower device (macvlan, vlan) or of the veth peer.</summary>
    internal const ushort IFLA_LINK = 5;
    internal const ushort IFLA_MASTER = 10;
    internal const ushort IFLA_OPERSTATE = 16;
    internal const ushort IFLA_LINKMODE = 17;
    internal const ushort IFLA_LINKINFO = 18;
    internal const ushort IFLA_EXT_MASK = 29;
    /// <summary>Present when IFLA_LINK is an index in another network namespace.</summary>
    internal const ushort IFLA_LINK_NETNSID = 37;
    internal const ushort IFLA_CARRIER = 33;

    // Nested in IFLA_LINKINFO.
    internal const ushort IFLA_INFO_KIND = 1;
    internal const ushort IFLA_INFO_DATA = 2;

    // Nested in IFLA_INFO_DATA for kind "macvlan".
    internal const ushort IFLA_MACVLAN_MODE = 1;
    internal const ushort IFLA_MACVLAN_FLAGS = 2;

    internal const uint MACVLAN_MODE_PRIVATE = 1;
    internal const uint MACVLAN_MODE_VEPA = 2;
    internal const uint MACVLAN_MODE_BRIDGE = 4;
    internal const uint MACVLAN_MODE_PASSTHRU = 8;
    internal const uint MACVLAN_MODE_SOURCE = 16;

    // net/if.h
    internal const uint IFF_UP = 0x1;

    internal struct ifinfomsg
    {
        public byte ifi_family;
        public byte __ifi_pad;
        /// <summary>ARPHRD_* device type.</summary>
        public ushort ifi_type;
        public int ifi_index;
        /// <summary>IFF_* flags.</summary>
        public uint ifi_flags;
        /// <summary>Which IFF_* flags a request changes (0xFFFFFFFF: all; 0: none).</summary>
        public uint ifi_change;
    }
}
#pragma warning restore CS8981
