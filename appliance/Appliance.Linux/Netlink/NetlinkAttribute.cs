using System.Net;
using System.Runtime.InteropServices;
using System.Text;

namespace Appliance.Linux.Netlink;

/// <summary>One rtattr/nlattr: its type (flags masked off) and value bytes, without padding.</summary>
internal readonly ref struct NetlinkAttribute
{
    public NetlinkAttribute(ushort rawType, ReadOnlySpan<byte> value)
    {
        Type = (ushort)(rawType & Interop.NLA_TYPE_MASK);
        IsNestedFlagSet = (rawType & Interop.NLA_F_NESTED) != 0;
        Value = value;
    }

    public ushort Type { get; }

    /// <summary>NLA_F_NESTED. rtnetlink's older nests (IFLA_LINKINFO) come without it: do not rely on it.</summary>
    public bool IsNestedFlagSet { get; }

    public ReadOnlySpan<byte> Value { get; }

    /// <summary>The attributes inside a nested attribute.</summary>
    public AttributeReader Nested => new(Value);

    public bool TryGetByte(out byte value)
    {
        value = Value.Length == 1 ? Value[0] : default;
        return Value.Length == 1;
    }

    /// <summary>A host-order u32 (NLA_U32).</summary>
    public bool TryGetUInt32(out uint value)
    {
        value = Value.Length == 4 ? MemoryMarshal.Read<uint>(Value) : default;
        return Value.Length == 4;
    }

    /// <summary>A NUL-terminated string (NLA_STRING / NLA_NUL_STRING); bytes after the first NUL are ignored.</summary>
    public string GetString()
    {
        var end = Value.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? Value : Value[..end]);
    }

    /// <summary>An address of the expected length for its family (4 or 16 bytes, network order).</summary>
    public bool TryGetAddress(int expectedLength, out IPAddress? address)
    {
        address = Value.Length == expectedLength ? new IPAddress(Value) : null;
        return address is not null;
    }
}
