using System.Net;
using System.Net.Sockets;

namespace Appliance.Config;

/// <summary>
/// One listening socket the supervisor holds for nginx (<c>[nginx] listen</c>): an address and a TCP port, written as
/// nginx writes its <c>listen</c> addresses (<c>80</c>, <c>192.0.2.10:80</c>, <c>[::]:80</c>).
/// </summary>
public sealed record NginxListen(IPAddress Address, int Port)
{
    public bool IsIPv6 => Address.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>The wildcard of its family (0.0.0.0 or ::): serves every address of the box, a VIP that arrives later too.</summary>
    public bool IsWildcard => Address.Equals(IsIPv6 ? IPAddress.IPv6Any : IPAddress.Any);

    /// <summary>The address-port pairs of two entries meet: the same port and family, and one is the other's wildcard.</summary>
    public bool Overlaps(NginxListen other) =>
        Port == other.Port && IsIPv6 == other.IsIPv6 && (IsWildcard || other.IsWildcard || Address.Equals(other.Address));

    public override string ToString() => IsIPv6 ? $"[{Address}]:{Port}" : $"{Address}:{Port}";
}
