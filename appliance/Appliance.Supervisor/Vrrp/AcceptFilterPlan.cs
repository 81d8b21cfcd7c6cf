using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Appliance.Config;

namespace Appliance.Supervisor.Vrrp;

/// <summary>
/// One instance's share of RFC 9568 Accept_Mode = False: the traffic addressed to its virtual addresses that the
/// master drops, and the nginx ports it still lets through.
/// </summary>
internal sealed record AcceptFilterEntry(string Instance, byte Vrid, AddressFamily Family, IReadOnlyList<IPAddress> Addresses, IReadOnlyList<int> OpenTcpPorts)
{
    public bool Equals(AcceptFilterEntry? other) =>
        other is not null && Instance == other.Instance && Vrid == other.Vrid && Family == other.Family
        && Addresses.SequenceEqual(other.Addresses) && OpenTcpPorts.SequenceEqual(other.OpenTcpPorts);

    public override int GetHashCode() => HashCode.Combine(Instance, Vrid, Family, Addresses.Count, OpenTcpPorts.Count);

    /// <summary>For status and logs: what still reaches the addresses.</summary>
    public string Describe() => OpenTcpPorts.Count == 0
        ? "accept false: nothing reaches the VIP"
        : $"accept false: only tcp {string.Join(",", OpenTcpPorts)} reaches the VIP";
}

/// <summary>
/// What the box filters for Accept_Mode (RFC 9568 6.1, 6.4.3), decided from the configuration alone: pure, no
/// kernel, no clock. An instance that is not the address owner and has <c>accept = false</c> gets an entry; its
/// rules stay in the kernel as long as the configuration says so, because a rule on the input hook matches only
/// packets for an address the box holds, which is the master's state: no rule has to change during a failover,
/// so the filter can never lag behind the address.
/// </summary>
internal sealed record AcceptFilterPlan(IReadOnlyList<AcceptFilterEntry> Entries)
{
    /// <summary>The nftables table of this filter; the whole table is ours and is replaced in one transaction.</summary>
    public const string Table = "appliance";

    public static AcceptFilterPlan Empty { get; } = new([]);

    public bool IsEmpty => Entries.Count == 0;

    public bool Equals(AcceptFilterPlan? other) => other is not null && Entries.SequenceEqual(other.Entries);

    public override int GetHashCode() => Entries.Count;

    public AcceptFilterEntry? For(string instance) => Entries.FirstOrDefault(e => e.Instance == instance);

    public static AcceptFilterPlan From(ApplianceConfig config)
    {
        var entries = new List<AcceptFilterEntry>();
        foreach (var vrrp in config.Vrrp)
        {
            // RFC 9568 6.4.3: only a router that is not the address owner is held to Accept_Mode; the owner
            // (priority 255) accepts the packets for addresses that are its own.
            if (vrrp.Accept || vrrp.AddressOwner || vrrp.Priority == 255)
            {
                continue;
            }

            var addresses = vrrp.VirtualIps.Select(v => v.Address).Distinct().ToArray();
            entries.Add(new AcceptFilterEntry(vrrp.Name, vrrp.Vrid, vrrp.Family, addresses, NginxPorts(config.Nginx, vrrp.Family, addresses)));
        }

        return new AcceptFilterPlan(entries);
    }

    /// <summary>
    /// The web the box exists to serve: the ports of <c>[nginx] listen</c> that reach these addresses (a wildcard of
    /// the family, or one of them by name). Without held sockets the supervisor does not know nginx's ports, and
    /// the configuration check warns that everything is dropped.
    /// </summary>
    private static int[] NginxPorts(NginxOptions nginx, AddressFamily family, IReadOnlyList<IPAddress> addresses) =>
        !nginx.Enabled
            ? []
            : nginx.Listen
                .Where(l => l.IsIPv6 == (family == AddressFamily.InterNetworkV6) && (l.IsWildcard || addresses.Contains(l.Address)))
                .Select(l => l.Port).Distinct().Order().ToArray();

    /// <summary>
    /// An <c>nft -f</c> script that replaces our table whole, in one transaction: declaring the table first makes
    /// the delete succeed when there was none, and a table a crashed supervisor left behind is replaced, not added
    /// to. The empty plan only deletes.
    /// </summary>
    public string Render()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"table inet {Table}\n");
        text.Append(CultureInfo.InvariantCulture, $"delete table inet {Table}\n");
        if (IsEmpty)
        {
            return text.ToString();
        }

        text.Append(CultureInfo.InvariantCulture, $"table inet {Table} {{\n");
        text.Append("\tchain accept_mode {\n");
        text.Append("\t\ttype filter hook input priority filter; policy accept;\n");
        foreach (var entry in Entries)
        {
            var v6 = entry.Family == AddressFamily.InterNetworkV6;
            var match = $"{(v6 ? "ip6" : "ip")} daddr {{ {string.Join(", ", entry.Addresses)} }}";
            text.Append(CultureInfo.InvariantCulture, $"\t\t# [vrrp:{entry.Instance}] vrid {entry.Vrid}: accept = false (RFC 9568 6.4.3)\n");
            if (v6)
            {
                // RFC 9568 6.4.3: the master MUST answer Neighbor Solicitations for the addresses (IPv4's ARP never
                // reaches an inet table).
                text.Append(CultureInfo.InvariantCulture, $"\t\t{match} icmpv6 type {{ nd-neighbor-solicit, nd-neighbor-advert }} accept\n");
            }

            if (entry.OpenTcpPorts.Count > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"\t\t{match} tcp dport {{ {string.Join(", ", entry.OpenTcpPorts)} }} accept\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"\t\t{match} counter drop\n");
        }

        text.Append("\t}\n}\n");
        return text.ToString();
    }
}
