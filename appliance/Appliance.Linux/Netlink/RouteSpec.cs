using System.Net;
using System.Net.Sockets;

namespace Appliance.Linux.Netlink;

/// <summary>A unicast route in the main table: destination prefix, and a gateway, an output interface or both.</summary>
public sealed record RouteSpec
{
    public RouteSpec(IPAddress destination, int prefixLength, IPAddress? gateway = null, int? outputInterfaceIndex = null, uint? metric = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var bits = destination.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, bits);
        if (gateway is not null && gateway.AddressFamily != destination.AddressFamily)
        {
            throw new ArgumentException($"route to {destination}/{prefixLength}: gateway {gateway} is of another family", nameof(gateway));
        }

        if (gateway is null && outputInterfaceIndex is null)
        {
            throw new ArgumentException($"route to {destination}/{prefixLength}: needs a gateway or an output interface");
        }

        Destination = destination;
        PrefixLength = prefixLength;
        Gateway = gateway;
        OutputInterfaceIndex = outputInterfaceIndex;
        Metric = metric;
    }

    public IPAddress Destination { get; }

    public int PrefixLength { get; }

    /// <summary>RTA_GATEWAY; without one the destination is on-link (scope link).</summary>
    public IPAddress? Gateway { get; }

    /// <summary>RTA_OIF.</summary>
    public int? OutputInterfaceIndex { get; }

    /// <summary>RTA_PRIORITY, ip's "metric".</summary>
    public uint? Metric { get; }

    public AddressFamily Family => Destination.AddressFamily;

    public bool IsDefault => PrefixLength == 0;

    /// <summary>The default route (0.0.0.0/0 or ::/0) through <paramref name="gateway"/>.</summary>
    public static RouteSpec Default(IPAddress gateway, int? outputInterfaceIndex = null) =>
        new(gateway.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0, gateway, outputInterfaceIndex);

    /// <summary>ip(8) style: "default via 192.0.2.1", "198.51.100.0/24 dev #3".</summary>
    public override string ToString()
    {
        var text = IsDefault ? "default" : $"{Destination}/{PrefixLength}";
        if (Gateway is not null)
        {
            text += $" via {Gateway}";
        }

        if (Metric is not null)
        {
            text += $" metric {Metric}";
        }

        return text;
    }
}
