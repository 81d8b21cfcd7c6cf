namespace Appliance.Linux;

#pragma warning disable CS8981 // C names for C things: all-lowercase struct names as in linux/if_addr.h.
internal static partial class Interop
{
    internal const ushort IFA_UNSPEC = 0;
    /// <summary>Prefix address; on point-to-point links the peer's address.</summary>
    internal const ushort IFA_ADDRESS = 1;
    /// <summary>The interface's own address (IPv4; on IPv6 only for point-to-point).</summary>
    internal const ushort IFA_LOCAL = 2;
    internal const ushort IFA_LABEL = 3;
    internal const ushort IFA_BROADCAST = 4;
    internal const ushort IFA_ANYCAST = 5;
    internal const ushort IFA_CACHEINFO = 6;
    internal const ushort IFA_MULTICAST = 7;
    /// <summary>u32 flags; supersedes the 8-bit ifa_flags when present.</summary>
    internal const ushort IFA_FLAGS = 8;
    internal const ushort IFA_RT_PRIORITY = 9;

    internal const uint IFA_F_SECONDARY = 0x01;
    internal const uint IFA_F_NODAD = 0x02;
    internal const uint IFA_F_OPTIMISTIC = 0x04;
    internal const uint IFA_F_DADFAILED = 0x08;
    internal const uint IFA_F_HOMEADDRESS = 0x10;
    internal const uint IFA_F_DEPRECATED = 0x20;
    internal const uint IFA_F_TENTATIVE = 0x40;
    internal const uint IFA_F_PERMANENT = 0x80;
    internal const uint IFA_F_MANAGETEMPADDR = 0x100;
    internal const uint IFA_F_NOPREFIXROUTE = 0x200;
    internal const uint IFA_F_MCAUTOJOIN = 0x400;
    internal const uint IFA_F_STABLE_PRIVACY = 0x800;

    internal struct ifaddrmsg
    {
        public byte ifa_family;
        public byte ifa_prefixlen;
        public byte ifa_flags;
        public byte ifa_scope;
        public uint ifa_index;
    }
}
#pragma warning restore CS8981
