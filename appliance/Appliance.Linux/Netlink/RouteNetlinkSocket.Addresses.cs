using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Appliance.Linux.Netlink;

public sealed partial class RouteNetlinkSocket
{
    /// <summary>Every address of the namespace, or those of one family (ip addr show).</summary>
    public IReadOnlyList<AddressInfo> DumpAddresses(AddressFamily? family = null)
    {
        var linuxFamily = family switch
        {
            null or AddressFamily.Unspecified => Interop.AF_UNSPEC,
            AddressFamily.InterNetwork => Interop.AF_INET,
            AddressFamily.InterNetworkV6 => Interop.AF_INET6,
            _ => throw new ArgumentException($"address family {family} is neither IPv4 nor IPv6", nameof(family)),
        };
        var collector = new AddressCollector();
        Dump(sequence => RouteRequest.DumpAddresses(_request, sequence, linuxFamily), collector, "netlink dump addresses");
        return [.. collector.Addresses];
    }

    /// <summary>
    /// ip addr add ADDRESS/PREFIX dev DEV. IPv4 also gets its broadcast address (below /31). A duplicate fails
    /// with EEXIST. An IPv6 VIP needs <see cref="AddressFlags.NoDad"/>, or it stays tentative (unusable) for
    /// the duplicate address detection time; <see cref="AddressFlags.NoPrefixRoute"/> keeps the kernel from
    /// adding the prefix route. <paramref name="label"/> (IPv4 only) is an alias such as "eth0:vip".
    /// </summary>
    public void AddAddress(
        int interfaceIndex,
        IPAddress address,
        int prefixLength,
        AddressScope scope = AddressScope.Universe,
        AddressFlags flags = AddressFlags.None,
        string? label = null)
    {
        ValidateAddress(address, prefixLength);
        if (label is not null)
        {
            if (address.AddressFamily != AddressFamily.InterNetwork)
            {
                throw new ArgumentException("address labels exist only for IPv4", nameof(label));
            }

            ArgumentException.ThrowIfNullOrEmpty(label);
            if (Encoding.UTF8.GetByteCount(label) > InterfaceName.MaxLength)
            {
                throw new ArgumentException($"label \"{label}\" is longer than {InterfaceName.MaxLength} bytes", nameof(label));
            }
        }

        Request(
            sequence => RouteRequest.NewAddress(_request, sequence, interfaceIndex, address, prefixLength, scope, flags, label),
            $"netlink add address {address}/{prefixLength} on {InterfacePlaceholder}",
            interfaceIndex);
    }

    /// <summary>
    /// ip addr del ADDRESS/PREFIX dev DEV. With <paramref name="ignoreMissing"/> an address that is not there
    /// (EADDRNOTAVAIL) counts as removed; a missing interface (ENODEV) still fails.
    /// </summary>
    /// <returns>False when the address was not there.</returns>
    public bool DeleteAddress(int interfaceIndex, IPAddress address, int prefixLength, bool ignoreMissing = false)
    {
        ValidateAddress(address, prefixLength);
        return Request(
            sequence => RouteRequest.DeleteAddress(_request, sequence, interfaceIndex, address, prefixLength),
            $"netlink delete address {address}/{prefixLength} on {InterfacePlaceholder}",
            interfaceIndex,
            ignoreMissing ? Errno.EADDRNOTAVAIL : Errno.None);
    }

    private static void ValidateAddress(IPAddress address, int prefixLength)
    {
        ArgumentNullException.ThrowIfNull(address);
        var bits = RouteRequest.Family(address) == Interop.AF_INET ? 32 : 128;
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, bits);
    }
}
