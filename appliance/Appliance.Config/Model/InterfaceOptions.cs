using System.Net;

namespace Appliance.Config;

/// <summary>An <c>[interface:NAME]</c> section.</summary>
public sealed record InterfaceOptions
{
    public required string Name { get; init; }

    /// <summary>Static addresses of this box; IPv4 and IPv6 may be mixed.</summary>
    public IReadOnlyList<InterfaceAddress> Addresses { get; init => field = EquatableList.From(value); } = EquatableList<InterfaceAddress>.Empty;

    public IPAddress? Gateway { get; init; }

    public IPAddress? Gateway6 { get; init; }

    /// <summary>True when the supervisor configures this interface (addresses, routes, link up).</summary>
    public bool Manage { get; init; }
}
