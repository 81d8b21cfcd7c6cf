using System.Runtime.InteropServices;

namespace Appliance.Linux.Netlink;

/// <summary>Walks a run of attributes (after a family header, or inside a nested attribute).</summary>
internal ref struct AttributeReader
{
    private const int HeaderSize = 4;
    private ReadOnlySpan<byte> _remaining;

    public AttributeReader(ReadOnlySpan<byte> attributes) => _remaining = attributes;

    /// <summary>
    /// The next attribute; false at the end (<paramref name="error"/> None) or at a malformed one
    /// (<paramref name="error"/> says why; the rest of the run is not read).
    /// </summary>
    public bool TryRead(out NetlinkAttribute attribute, out NetlinkDecodeError error)
    {
        attribute = default;
        error = NetlinkDecodeError.None;
        if (_remaining.IsEmpty)
        {
            return false;
        }

        if (_remaining.Length < HeaderSize)
        {
            return Fail(NetlinkDecodeError.AttributeTruncatedHeader, out error);
        }

        var header = MemoryMarshal.Read<Interop.rtattr>(_remaining);
        if (header.rta_len < HeaderSize)
        {
            return Fail(NetlinkDecodeError.AttributeLengthBelowHeader, out error);
        }

        if (header.rta_len > _remaining.Length)
        {
            return Fail(NetlinkDecodeError.AttributeLengthBeyondMessage, out error);
        }

        attribute = new NetlinkAttribute(header.rta_type, _remaining[HeaderSize..header.rta_len]);
        _remaining = _remaining[Math.Min(Interop.NLA_ALIGN(header.rta_len), _remaining.Length)..];
        return true;
    }

    private bool Fail(NetlinkDecodeError reason, out NetlinkDecodeError error)
    {
        error = reason;
        _remaining = default;
        return false;
    }
}
