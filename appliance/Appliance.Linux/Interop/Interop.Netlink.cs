namespace Appliance.Linux;

#pragma warning disable CS8981 // C names for C things: all-lowercase struct names as in linux/netlink.h.
internal static partial class Interop
{
    internal const int NETLINK_ROUTE = 0;

    // Socket options at level SOL_NETLINK.
    internal const int SOL_NETLINK = 270;
    internal const int NETLINK_ADD_MEMBERSHIP = 1;
    internal const int NETLINK_DROP_MEMBERSHIP = 2;
    internal const int NETLINK_NO_ENOBUFS = 5;
    internal const int NETLINK_CAP_ACK = 10;
    internal const int NETLINK_EXT_ACK = 11;
    internal const int NETLINK_GET_STRICT_CHK = 12;

    // nlmsg_flags
    internal const ushort NLM_F_REQUEST = 0x01;
    internal const ushort NLM_F_MULTI = 0x02;
    internal const ushort NLM_F_ACK = 0x04;
    internal const ushort NLM_F_ECHO = 0x08;
    internal const ushort NLM_F_DUMP_INTR = 0x10;
    internal const ushort NLM_F_DUMP_FILTERED = 0x20;
    // GET requests
    internal const ushort NLM_F_ROOT = 0x100;
    internal const ushort NLM_F_MATCH = 0x200;
    internal const ushort NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
    // NEW requests
    internal const ushort NLM_F_REPLACE = 0x100;
    internal const ushort NLM_F_EXCL = 0x200;
    internal const ushort NLM_F_CREATE = 0x400;
    // flags on NLMSG_ERROR acks
    internal const ushort NLM_F_CAPPED = 0x100;
    internal const ushort NLM_F_ACK_TLVS = 0x200;

    // nlmsg_type values below NLMSG_MIN_TYPE are control messages.
    internal const ushort NLMSG_NOOP = 1;
    internal const ushort NLMSG_ERROR = 2;
    internal const ushort NLMSG_DONE = 3;
    internal const ushort NLMSG_OVERRUN = 4;
    internal const ushort NLMSG_MIN_TYPE = 0x10;

    internal const int NLMSG_ALIGNTO = 4;
    internal const int NLA_ALIGNTO = 4;

    // nla_type bits
    internal const ushort NLA_F_NESTED = 0x8000;
    internal const ushort NLA_F_NET_BYTEORDER = 0x4000;
    internal const ushort NLA_TYPE_MASK = unchecked((ushort)~(NLA_F_NESTED | NLA_F_NET_BYTEORDER));

    // Extended ack TLVs after struct nlmsgerr.
    internal const ushort NLMSGERR_ATTR_MSG = 1;
    internal const ushort NLMSGERR_ATTR_OFFS = 2;

    internal static int NLMSG_ALIGN(int length) => (length + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1);

    internal static int NLA_ALIGN(int length) => (length + NLA_ALIGNTO - 1) & ~(NLA_ALIGNTO - 1);

    internal struct sockaddr_nl
    {
        public ushort nl_family;
        public ushort nl_pad;
        /// <summary>Port id: 0 in bind lets the kernel pick one; the kernel's own messages carry 0.</summary>
        public uint nl_pid;
        /// <summary>Bitmask of multicast groups 1..32 (group n is bit n-1).</summary>
        public uint nl_groups;
    }

    internal struct nlmsghdr
    {
        public uint nlmsg_len;
        public ushort nlmsg_type;
        public ushort nlmsg_flags;
        public uint nlmsg_seq;
        public uint nlmsg_pid;
    }

    internal struct nlmsgerr
    {
        /// <summary>Negative errno, or 0 for an acknowledgement.</summary>
        public int error;
        /// <summary>Header of the request this answers (followed by its payload unless NLM_F_CAPPED).</summary>
        public nlmsghdr msg;
    }

    internal struct nlattr
    {
        public ushort nla_len;
        public ushort nla_type;
    }
}
#pragma warning restore CS8981
