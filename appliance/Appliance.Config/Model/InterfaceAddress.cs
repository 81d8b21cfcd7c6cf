using System.Net;
using System.Net.Sockets;

namespace Appliance.Config;

/// <summary>An address with its prefix length, as in <c>192.0.2.11/24</c> or <c>2001:db8::11/64</c>.</summary>
public sealed record InterfaceAddress(IPAddress Address, int PrefixLength)
{
    public AddressFamily Family => Address.AddressFamily;

    public int MaxPrefixLength => Family == AddressFamily.InterNetworkV6 ? 128 : 32;

    /// <summary>The network address (host bits cleared).</summary>
    public IPAddress Network => Mask(Address, PrefixLength);

    /// <summary>True when <paramref name="address"/> lies in this address's subnet.</summary>
    public bool Contains(IPAddress address) =>
        address.AddressFamily == Family && Mask(address, PrefixLength).Equals(Network);

    public override string ToString() => $"{Address}/{PrefixLength}";

    internal static IPAddress Mask(IPAddress address, int prefixLength)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var length);
        bytes = bytes[..length];
        for (var i = 0; i < bytes.Length; i++)
        {
            var bitsHere = Math.Clamp(prefixLength - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bitsHere));
        }

        return new IPAddress(bytes);
    }
}
