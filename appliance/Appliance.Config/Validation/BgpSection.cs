using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Appliance.Config;

/// <summary>The <c>[bgp]</c> section: AS numbers, neighbours, router id and BFD timing of the sessions BIRD opens.</summary>
internal static class BgpSection
{
    private const int MaxNeighbors = 16;

    /// <summary>Null when there is no [bgp] section or it has errors (each reported).</summary>
    public static BgpOptions? Read(RawBgp raw, bool present, IReadOnlyList<InterfaceOptions> interfaces, Findings findings)
    {
        if (!present)
        {
            return null;
        }

        var r = new SectionReader(findings, "bgp");
        var errors = findings.ErrorCount;
        var localAs = AsNumber(r, "local_as", raw.LocalAs, "this box's AS, e.g. local_as = 65010");
        var neighborAs = AsNumber(r, "neighbor_as", raw.NeighborAs, "the router's AS, e.g. neighbor_as = 65000");
        var neighbors = Neighbors(r, raw.Neighbor, interfaces);
        var routerId = RouterId(r, raw.RouterId, interfaces);
        var bfd = r.Bool("bfd", raw.Bfd, true);
        var interval = r.Duration("bfd_interval", raw.BfdInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(10));
        if (findings.ErrorCount != errors || localAs is null || neighborAs is null || routerId is null)
        {
            return null;
        }

        return new BgpOptions
        {
            LocalAs = localAs.Value,
            NeighborAs = neighborAs.Value,
            Neighbors = neighbors,
            RouterId = routerId,
            Bfd = bfd,
            BfdInterval = interval,
        };
    }

    /// <summary>RFC 6793: four-octet AS numbers, 1-4294967295 (0 is reserved, RFC 7607).</summary>
    private static uint? AsNumber(SectionReader r, string key, string? raw, string example)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            r.Error(key, raw, $"required: {example}");
            return null;
        }

        var text = raw.Trim();
        if (text.Contains('.', StringComparison.Ordinal))
        {
            r.Error(key, raw, $"'{text}' is in asdot notation: write the AS as one number (1.10 is 65546)");
            return null;
        }

        if (!text.All(char.IsAsciiDigit) || text.Length > 10 || !ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            r.Error(key, raw, $"not a whole number{Values.CommentHint(raw)}");
            return null;
        }

        if (value is < 1 or > uint.MaxValue)
        {
            r.Error(key, raw, $"out of range: {key} must be 1-4294967295 (AS 0 is reserved)");
            return null;
        }

        return (uint)value;
    }

    private static List<IPAddress> Neighbors(SectionReader r, string? raw, IReadOnlyList<InterfaceOptions> interfaces)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            r.Error("neighbor", raw, "required: the router(s) to peer with, e.g. neighbor = 192.0.2.1");
            return [];
        }

        var neighbors = r.AddressList("neighbor", raw);
        if (neighbors.Count > MaxNeighbors)
        {
            r.Error("neighbor", raw, $"{neighbors.Count} neighbours: at most {MaxNeighbors}");
        }

        foreach (var neighbor in neighbors)
        {
            if (Addresses.UnicastProblem(neighbor) is { } problem)
            {
                r.Error("neighbor", raw, $"{neighbor} is {problem}, not a router's address");
            }
            else if (neighbor.IsIPv6LinkLocal)
            {
                r.Error("neighbor", raw, $"{neighbor} is link-local: a session needs the router's global address (an interface is not part of the neighbour here)");
            }
            else if (interfaces.Any(i => i.Addresses.Any(a => a.Address.Equals(neighbor))))
            {
                r.Error("neighbor", raw, $"{neighbor} is this box's own address");
            }
        }

        return neighbors;
    }

    private static IPAddress? RouterId(SectionReader r, string? raw, IReadOnlyList<InterfaceOptions> interfaces)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            var first = interfaces.SelectMany(i => i.Addresses).FirstOrDefault(a => a.Family == AddressFamily.InterNetwork);
            if (first is null)
            {
                r.Error("router_id", raw, "required here: no [interface:NAME] has an IPv4 address to take it from; write router_id = an IPv4 address of this box");
            }

            return first?.Address;
        }

        var address = r.Address("router_id", raw.Trim());
        if (address is { AddressFamily: AddressFamily.InterNetworkV6 })
        {
            r.Error("router_id", raw, "a router id is 32 bits, written as an IPv4 address (RFC 4271 4.2), also on an IPv6-only box");
            return null;
        }

        if (address is not null && address.Equals(IPAddress.Any))
        {
            r.Error("router_id", raw, "0.0.0.0 is not a valid BGP identifier (RFC 6286)");
            return null;
        }

        return address;
    }
}
