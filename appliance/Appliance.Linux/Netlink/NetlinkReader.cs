using System.Runtime.InteropServices;

namespace Appliance.Linux.Netlink;

/// <summary>
/// Walks the messages of one received datagram. Netlink is in host byte order and the kernel lays out C structs,
/// so headers are read as the C structs themselves (<see cref="MemoryMarshal.Read{T}"/>), which is host order
/// by definition, rather than with an explicit-endian BinaryPrimitives call that would be wrong on a big-endian
/// host. Bad input is never an exception: <see cref="TryRead"/> stops with a reason.
/// </summary>
internal ref struct NetlinkReader
{
    private const int HeaderSize = 16;
    private ReadOnlySpan<byte> _remaining;

    public NetlinkReader(ReadOnlySpan<byte> datagram) => _remaining = datagram;

    /// <summary>
    /// The next message; false at the end of the datagram (<paramref name="error"/> None) or at a malformed one
    /// (<paramref name="error"/> says why; nothing after it is read, since its length cannot be trusted).
    /// </summary>
    public bool TryRead(out NetlinkMessage message, out NetlinkDecodeError error)
    {
        message = default;
        error = NetlinkDecodeError.None;
        if (_remaining.IsEmpty)
        {
            return false;
        }

        if (_remaining.Length < HeaderSize)
        {
            return Fail(NetlinkDecodeError.TruncatedHeader, out error);
        }

        var header = MemoryMarshal.Read<Interop.nlmsghdr>(_remaining);
        if (header.nlmsg_len < HeaderSize)
        {
            return Fail(NetlinkDecodeError.LengthBelowHeader, out error);
        }

        if (header.nlmsg_len > (uint)_remaining.Length)
        {
            return Fail(NetlinkDecodeError.LengthBeyondBuffer, out error);
        }

        var length = (int)header.nlmsg_len;
        message = new NetlinkMessage(
            header.nlmsg_type, header.nlmsg_flags, header.nlmsg_seq, header.nlmsg_pid,
            _remaining[HeaderSize..length]);
        // The kernel pads every message to 4 bytes; a last message without its padding is still whole.
        _remaining = _remaining[Math.Min(Interop.NLMSG_ALIGN(length), _remaining.Length)..];
        return true;
    }

    private bool Fail(NetlinkDecodeError reason, out NetlinkDecodeError error)
    {
        error = reason;
        _remaining = default;
        return false;
    }
}
