using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Appliance.Linux.Netlink;

/// <summary>
/// Builds netlink messages into a caller's buffer: nlmsghdr, a family header, then attributes (each padded to
/// 4 bytes, padding zeroed), nests included. Host byte order throughout, as the kernel expects. A buffer that
/// is too small is a bug in the caller (requests have a known maximum size), hence an exception.
/// </summary>
internal ref struct NetlinkWriter
{
    private readonly Span<byte> _buffer;
    private int _position;
    private int _messageStart;

    public NetlinkWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _messageStart = -1;
    }

    /// <summary>Bytes written so far: what to send.</summary>
    public readonly int Length => _position;

    public void BeginMessage(ushort type, ushort flags, uint sequence, uint portId = 0)
    {
        if (_messageStart >= 0)
        {
            throw new InvalidOperationException("netlink writer: the previous message was not ended");
        }

        _messageStart = _position;
        // nlmsg_len is patched by EndMessage.
        Append(new Interop.nlmsghdr { nlmsg_type = type, nlmsg_flags = flags, nlmsg_seq = sequence, nlmsg_pid = portId });
    }

    /// <summary>The fixed header of the message family (ifinfomsg, ifaddrmsg, rtmsg).</summary>
    public void WriteFamilyHeader<T>(in T header)
        where T : unmanaged => Append(header);

    public void WriteAttribute(ushort type, scoped ReadOnlySpan<byte> value) =>
        value.CopyTo(ReserveAttribute(type, value.Length));

    public void WriteUInt8Attribute(ushort type, byte value) => ReserveAttribute(type, 1)[0] = value;

    public void WriteUInt32Attribute(ushort type, uint value) => MemoryMarshal.Write(ReserveAttribute(type, 4), value);

    /// <summary>
    /// A string attribute, NUL-terminated by default. NLA_STRING attributes may come either way; iproute2 sends
    /// names and labels with the NUL and IFLA_INFO_KIND without, and so do we, to stay byte-identical.
    /// </summary>
    public void WriteStringAttribute(ushort type, string value, bool nulTerminated = true)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var target = ReserveAttribute(type, nulTerminated ? length + 1 : length);
        Encoding.UTF8.GetBytes(value, target);
    }

    /// <summary>An IPv4 or IPv6 address in network byte order (4 or 16 bytes).</summary>
    public void WriteAddressAttribute(ushort type, IPAddress address) =>
        address.TryWriteBytes(
            ReserveAttribute(type, address.AddressFamily == AddressFamily.InterNetworkV6 ? 16 : 4),
            out _);

    /// <summary>Opens a nested attribute; pass the result to <see cref="EndNested"/> after its members.</summary>
    public int BeginNested(ushort type)
    {
        var start = _position;
        Append(new Interop.rtattr { rta_type = type });
        return start;
    }

    /// <summary>
    /// Closes a nest: its rta_len covers its header and members including their padding, as the kernel's
    /// nla_nest_end and iproute2's addattr_nest_end compute it.
    /// </summary>
    public void EndNested(int start)
    {
        var length = _position - start;
        if (length > ushort.MaxValue)
        {
            throw new InvalidOperationException($"netlink nest of {length} bytes does not fit rta_len");
        }

        MemoryMarshal.Write(_buffer[start..], new Interop.rtattr
        {
            rta_len = (ushort)length,
            rta_type = MemoryMarshal.Read<Interop.rtattr>(_buffer[start..]).rta_type,
        });
    }

    /// <summary>Patches nlmsg_len and returns the total length written so far.</summary>
    public int EndMessage()
    {
        if (_messageStart < 0)
        {
            throw new InvalidOperationException("netlink writer: no message was begun");
        }

        MemoryMarshal.Write(_buffer[_messageStart..], (uint)(_position - _messageStart));
        _messageStart = -1;
        return _position;
    }

    private void Append<T>(in T value)
        where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        var target = Reserve(Interop.NLMSG_ALIGN(size));
        target.Clear();
        MemoryMarshal.Write(target, in value);
    }

    /// <summary>Writes an attribute header and returns the room for its value; the padding is zeroed.</summary>
    private Span<byte> ReserveAttribute(ushort type, int valueLength)
    {
        var length = 4 + valueLength;
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException($"netlink attribute {type}: {valueLength} bytes do not fit rta_len");
        }

        var target = Reserve(Interop.NLA_ALIGN(length));
        target.Clear();
        MemoryMarshal.Write(target, new Interop.rtattr { rta_len = (ushort)length, rta_type = type });
        return target[4..length];
    }

    private Span<byte> Reserve(int length)
    {
        if (_position + length > _buffer.Length)
        {
            throw new InvalidOperationException(
                $"netlink request needs more than the {_buffer.Length} bytes of its buffer");
        }

        var span = _buffer.Slice(_position, length);
        _position += length;
        return span;
    }
}
