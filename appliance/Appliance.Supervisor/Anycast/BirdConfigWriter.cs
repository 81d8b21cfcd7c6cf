using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Appliance.Config;

namespace Appliance.Supervisor.Anycast;

/// <summary>
/// BIRD 2's configuration from the validated <c>[bgp]</c> and <c>[anycast:NAME]</c> options: options in, text out.
/// Nothing the operator wrote is pasted: addresses are printed from <see cref="IPAddress"/>, AS numbers and times from
/// numbers, and group names were validated as BIRD symbols (letters, digits, '_'), so no value can end a statement
/// or open a block.
/// </summary>
/// <remarks>
/// Each group becomes one static protocol per address family (a BIRD static protocol has one channel), started
/// <c>disabled</c>: nothing is announced until the supervisor says the group is healthy, and `enable`/`disable` on
/// BIRD's control socket announce and withdraw it at once, without a reconfiguration. The routes are blackholes
/// in BIRD's own table only (there is no kernel protocol): the addresses themselves are on the loopback, and BGP
/// sends this box's address as the next hop (<c>next hop self</c>).
/// </remarks>
internal static class BirdConfigWriter
{
    public static string ProtocolName(string group, AddressFamily family) =>
        $"anycast_{group}_{(family == AddressFamily.InterNetworkV6 ? 6 : 4)}";

    /// <summary>One BGP protocol per neighbour, named by its position in <c>neighbor</c> (1-based).</summary>
    public static string NeighborProtocol(int index) => $"neighbor_{index + 1}";

    public static string Write(BgpOptions bgp, IReadOnlyList<AnycastOptions> groups)
    {
        var text = new StringBuilder();
        text.Append("# Written by the appliance supervisor from appliance.ini ([bgp], [anycast:NAME]) at every start of BIRD.\n");
        text.Append("# Edits are lost: change appliance.ini instead.\n\n");
        text.Append("log stderr { info, remote, warning, error, auth, fatal, bug };\n");
        text.Append(CultureInfo.InvariantCulture, $"router id {bgp.RouterId};\n\n");
        text.Append("protocol device {\n}\n\n");
        if (bgp.Bfd)
        {
            // RFC 5880 6.8.4: detection time is the multiplier times the agreed interval.
            var interval = (long)bgp.BfdInterval.TotalMilliseconds;
            text.Append("protocol bfd {\n");
            text.Append("  interface \"*\" {\n");
            text.Append(CultureInfo.InvariantCulture, $"    min rx interval {interval} ms;\n");
            text.Append(CultureInfo.InvariantCulture, $"    min tx interval {interval} ms;\n");
            text.Append(CultureInfo.InvariantCulture, $"    multiplier {BgpOptions.BfdMultiplier};\n");
            text.Append("  };\n}\n\n");
        }

        foreach (var group in groups)
        {
            foreach (var family in Families(group))
            {
                text.Append(CultureInfo.InvariantCulture, $"protocol static {ProtocolName(group.Name, family)} {{\n");
                text.Append("  disabled;\n");
                text.Append(family == AddressFamily.InterNetworkV6 ? "  ipv6;\n" : "  ipv4;\n");
                foreach (var prefix in group.Prefixes.Where(p => p.Family == family))
                {
                    text.Append(CultureInfo.InvariantCulture, $"  route {prefix.Address}/{prefix.PrefixLength} blackhole;\n");
                }

                text.Append("}\n\n");
            }
        }

        foreach (var family in new[] { AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 })
        {
            var prefixes = groups.SelectMany(g => g.Prefixes).Where(p => p.Family == family).ToList();
            text.Append(CultureInfo.InvariantCulture, $"filter {ExportFilter(family)} {{\n");
            if (prefixes.Count > 0)
            {
                // Only the anycast host routes leave this box, and only from the static protocols above.
                text.Append(CultureInfo.InvariantCulture, $"  if source = RTS_STATIC && net ~ [ {string.Join(", ", prefixes.Select(p => $"{p.Address}/{p.PrefixLength}"))} ] then accept;\n");
            }

            text.Append("  reject;\n}\n\n");
        }

        for (var i = 0; i < bgp.Neighbors.Count; i++)
        {
            var neighbor = bgp.Neighbors[i];
            text.Append(CultureInfo.InvariantCulture, $"protocol bgp {NeighborProtocol(i)} {{\n");
            text.Append(CultureInfo.InvariantCulture, $"  local as {bgp.LocalAs};\n");
            text.Append(CultureInfo.InvariantCulture, $"  neighbor {neighbor} as {bgp.NeighborAs};\n");
            text.Append("  direct;\n");
            if (bgp.Bfd)
            {
                text.Append("  bfd on;\n");
            }

            // BIRD's defaults wait 120 s before retrying a refused connection and 60 s after an error (a BFD Down
            // included, which FRR sends once when bgpd re-registers the session with its interface): a router that
            // restarts, or that flaps once at start, would keep this box out of its ECMP set for a minute.
            text.Append("  connect retry time 2;\n");
            text.Append("  error wait time 1, 16;\n");
            text.Append(neighbor.AddressFamily == AddressFamily.InterNetworkV6 ? "  ipv6 {\n" : "  ipv4 {\n");
            text.Append("    import none;\n");
            text.Append(CultureInfo.InvariantCulture, $"    export filter {ExportFilter(neighbor.AddressFamily)};\n");
            text.Append("    next hop self;\n");
            text.Append("  };\n}\n\n");
        }

        return text.ToString();
    }

    private static IEnumerable<AddressFamily> Families(AnycastOptions group) =>
        new[] { AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 }.Where(f => group.Prefixes.Any(p => p.Family == f));

    private static string ExportFilter(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? "anycast_export_6" : "anycast_export_4";
}
