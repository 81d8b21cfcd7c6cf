namespace Appliance.Linux.Netlink;

/// <summary>Why a netlink datagram, message or attribute was rejected. Each reason names one check.</summary>
public enum NetlinkDecodeError
{
    None = 0,
    /// <summary>Bytes are left after the last message, but fewer than an nlmsghdr (16).</summary>
    TruncatedHeader,
    /// <summary>nlmsg_len is smaller than the nlmsghdr itself.</summary>
    LengthBelowHeader,
    /// <summary>nlmsg_len claims more bytes than the datagram holds.</summary>
    LengthBeyondBuffer,
    /// <summary>The payload is shorter than its family header (ifinfomsg, ifaddrmsg, rtmsg, nlmsgerr).</summary>
    TruncatedFamilyHeader,
    /// <summary>Bytes are left after the last attribute, but fewer than an rtattr header (4).</summary>
    AttributeTruncatedHeader,
    /// <summary>rta_len is smaller than the rtattr header itself.</summary>
    AttributeLengthBelowHeader,
    /// <summary>rta_len claims more bytes than the message (or enclosing attribute) holds.</summary>
    AttributeLengthBeyondMessage,
    /// <summary>A fixed-size attribute (u8, u32, an address) has the wrong length.</summary>
    AttributeValueSize,
    /// <summary>RTM_NEWLINK/RTM_DELLINK without IFLA_IFNAME.</summary>
    MissingInterfaceName,
    /// <summary>RTM_NEWADDR/RTM_DELADDR without IFA_LOCAL or IFA_ADDRESS.</summary>
    MissingAddress,
    /// <summary>ifa_prefixlen beyond 32 (IPv4) or 128 (IPv6).</summary>
    PrefixLengthOutOfRange,
    /// <summary>Valid but not ours: an address family other than IPv4 and IPv6.</summary>
    UnsupportedAddressFamily,
    /// <summary>NLMSG_ERROR shorter than struct nlmsgerr.</summary>
    TruncatedError,
    /// <summary>NLMSG_OVERRUN: the kernel says data was lost.</summary>
    Overrun,
}
