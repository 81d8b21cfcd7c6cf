using System.Net;

namespace Appliance.Vrrp.Wire;

/// <summary>
/// One <see cref="IPAddress"/> per address a receive path keeps seeing: a VRRP socket hears the same few peers and the
/// same group with every advertisement, so looking the bytes up among the last few addresses saves two allocations
/// per packet. Addresses are immutable, so handing out the same instance is safe. One thread owns an instance.
/// </summary>
public sealed class AddressInterner
{
    private const int Capacity = 8;
    private readonly IPAddress?[] _entries = new IPAddress?[Capacity];
    private int _next;

    /// <param name="bytes">4 or 16 bytes in network order.</param>
    public IPAddress Intern(ReadOnlySpan<byte> bytes)
    {
        Span<byte> known = stackalloc byte[16];
        foreach (var entry in _entries)
        {
            if (entry is not null && entry.TryWriteBytes(known, out var length) && known[..length].SequenceEqual(bytes))
            {
                return entry;
            }
        }

        var created = new IPAddress(bytes);
        _entries[_next] = created;
        _next = (_next + 1) % Capacity;
        return created;
    }
}
