namespace Appliance.Linux.Netlink;

/// <summary>One message of a datagram: the nlmsghdr fields plus the bytes after the header.</summary>
internal readonly ref struct NetlinkMessage
{
    public NetlinkMessage(ushort type, ushort flags, uint sequence, uint portId, ReadOnlySpan<byte> payload)
    {
        Type = type;
        Flags = flags;
        Sequence = sequence;
        PortId = portId;
        Payload = payload;
    }

    /// <summary>nlmsg_type: NLMSG_* control types below 0x10, RTM_* above.</summary>
    public ushort Type { get; }

    /// <summary>nlmsg_flags (NLM_F_*).</summary>
    public ushort Flags { get; }

    /// <summary>nlmsg_seq: a reply carries the sequence number of its request; notifications usually 0.</summary>
    public uint Sequence { get; }

    /// <summary>nlmsg_pid: in a reply, the port id of the requesting socket.</summary>
    public uint PortId { get; }

    /// <summary>nlmsg_len - 16 bytes: the family header and attributes.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    public bool HasFlag(ushort flag) => (Flags & flag) != 0;
}
