namespace Appliance.Linux;

#pragma warning disable CS8981 // C names for C things: all-lowercase struct names as in linux/rtnetlink.h.
internal static partial class Interop
{
    internal const ushort RTM_NEWLINK = 16;
    internal const ushort RTM_DELLINK = 17;
    internal const ushort RTM_GETLINK = 18;
    internal const ushort RTM_SETLINK = 19;
    internal const ushort RTM_NEWADDR = 20;
    internal const ushort RTM_DELADDR = 21;
    internal const ushort RTM_GETADDR = 22;
    internal const ushort RTM_NEWROUTE = 24;
    internal const ushort RTM_DELROUTE = 25;
    internal const ushort RTM_GETROUTE = 26;

    // Legacy multicast group bitmask for sockaddr_nl.nl_groups.
    internal const uint RTMGRP_LINK = 0x1;
    internal const uint RTMGRP_IPV4_IFADDR = 0x10;
    internal const uint RTMGRP_IPV4_ROUTE = 0x40;
    internal const uint RTMGRP_IPV6_IFADDR = 0x100;
    internal const uint RTMGRP_IPV6_ROUTE = 0x400;

    // rtm_table
    internal const byte RT_TABLE_UNSPEC = 0;
    internal const byte RT_TABLE_MAIN = 254;

    // rtm_protocol
    internal const byte RTPROT_UNSPEC = 0;
    internal const byte RTPROT_KERNEL = 2;
    internal const byte RTPROT_BOOT = 3;
    internal const byte RTPROT_STATIC = 4;

    // rtm_scope, also ifa_scope
    internal const byte RT_SCOPE_UNIVERSE = 0;
    internal const byte RT_SCOPE_SITE = 200;
    internal const byte RT_SCOPE_LINK = 253;
    internal const byte RT_SCOPE_HOST = 254;
    internal const byte RT_SCOPE_NOWHERE = 255;

    // rtm_type
    internal const byte RTN_UNSPEC = 0;
    internal const byte RTN_UNICAST = 1;

    // rtattr types for RTM_*ROUTE
    internal const ushort RTA_DST = 1;
    internal const ushort RTA_SRC = 2;
    internal const ushort RTA_IIF = 3;
    internal const ushort RTA_OIF = 4;
    internal const ushort RTA_GATEWAY = 5;
    internal const ushort RTA_PRIORITY = 6;
    internal const ushort RTA_PREFSRC = 7;
    internal const ushort RTA_TABLE = 15;

    // IFLA_EXT_MASK bits
    internal const uint RTEXT_FILTER_VF = 1;
    internal const uint RTEXT_FILTER_SKIP_STATS = 8;

    internal struct rtattr
    {
        public ushort rta_len;
        public ushort rta_type;
    }

    internal struct rtmsg
    {
        public byte rtm_family;
        public byte rtm_dst_len;
        public byte rtm_src_len;
        public byte rtm_tos;
        public byte rtm_table;
        public byte rtm_protocol;
        public byte rtm_scope;
        public byte rtm_type;
        public uint rtm_flags;
    }
}
#pragma warning restore CS8981
