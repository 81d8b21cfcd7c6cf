using System.Net;
using System.Net.Sockets;

namespace Appliance.Linux.Netlink;

/// <summary>One IPv4 or IPv6 address on an interface, as RTM_NEWADDR describes it.</summary>
/// <remarks>
/// <see cref="Address"/> is IFA_LOCAL when present (the interface's own address), else IFA_ADDRESS. IPv6
/// link-local addresses come without a scope id; the scope is <see cref="InterfaceIndex"/>.
/// </remarks>
public sealed record AddressInfo
{
    public required int InterfaceIndex { get; init; }

    public required IPAddress Address { get; init; }

    public required int PrefixLength { get; init; }

    public AddressFamily Family => Address.AddressFamily;

    public AddressScope Scope { get; init; }

    public AddressFlags Flags { get; init; }

    /// <summary>IFA_LABEL (IPv4 only): "eth0" or an alias such as "eth0:vip".</summary>
    public string? Label { get; init; }

    /// <summary>False while IPv6 duplicate address detection runs or after it failed: the address cannot be used.</summary>
    public bool IsUsable => (Flags & (AddressFlags.Tentative | AddressFlags.DadFailed)) == 0;

    /// <summary>"192.0.2.10/24".</summary>
    public string Cidr => $"{Address}/{PrefixLength}";
}
