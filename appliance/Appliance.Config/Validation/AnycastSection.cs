namespace Appliance.Config;

/// <summary>[anycast:NAME] sections: host routes and the object whose health decides that they are announced.</summary>
internal static class AnycastSection
{
    private const int MaxPrefixes = 16;

    public static List<AnycastOptions> Read(IReadOnlyList<string> names, Dictionary<string, RawAnycast> raw, BgpOptions? bgp, bool bgpPresent, IReadOnlyList<InterfaceOptions> interfaces, ConfigEnvironment environment, IReadOnlyList<string> checks, Findings findings)
    {
        var groups = new List<AnycastOptions>();
        var owner = new Dictionary<System.Net.IPAddress, string>();
        foreach (var name in names)
        {
            var r = new SectionReader(findings, "anycast:" + name);
            var section = raw.GetValueOrDefault(name) ?? new RawAnycast();
            if (!bgpPresent)
            {
                r.Error(null, null, "an anycast group needs a [bgp] section: the prefixes are announced over its sessions (local_as, neighbor, neighbor_as)");
            }

            var prefixes = Prefixes(r, section.Prefix, name, owner);
            var track = string.IsNullOrWhiteSpace(section.Track)
                ? TrackSpec.Nginx
                : TrackedObjects.Resolve(r, "track", section.Track, section.Track.Trim(), interfaces, environment, checks);
            if (bgp is not null)
            {
                foreach (var family in prefixes.Select(p => p.Family).Distinct().Where(f => !bgp.Neighbors.Any(n => n.AddressFamily == f)))
                {
                    r.Warning("prefix", section.Prefix, $"no {Addresses.FamilyName(family)} neighbor in [bgp]: the {Addresses.FamilyName(family)} prefixes are held on the loopback but never announced");
                }
            }

            if (prefixes.Count > 0 && track is not null)
            {
                groups.Add(new AnycastOptions { Name = name, Prefixes = prefixes, Track = track });
            }
        }

        if (bgpPresent && names.Count == 0)
        {
            findings.Warning("bgp", null, null, "no [anycast:NAME] section: BIRD opens its sessions but announces nothing");
        }

        return groups;
    }

    private static List<InterfaceAddress> Prefixes(SectionReader r, string? raw, string name, Dictionary<System.Net.IPAddress, string> owner)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            r.Error("prefix", raw, "required: the anycast host routes, e.g. prefix = 203.0.113.10/32, 2001:db8:ac::10/128");
            return [];
        }

        var prefixes = new List<InterfaceAddress>();
        foreach (var prefix in r.CidrList("prefix", raw, prefixRequired: false))
        {
            if (prefix.PrefixLength != prefix.MaxPrefixLength)
            {
                r.Error("prefix", raw, $"{prefix} is not a host route: an anycast prefix is one address, /{prefix.MaxPrefixLength} for {Addresses.FamilyName(prefix.Family)} ({prefix.Address}/{prefix.MaxPrefixLength})");
            }
            else if ((Addresses.UnicastProblem(prefix.Address) ?? (prefix.Address.IsIPv6LinkLocal ? "link-local" : null)) is { } problem)
            {
                r.Error("prefix", raw, $"{prefix.Address} is {problem}: an anycast address is a global unicast address");
            }
            else if (owner.TryGetValue(prefix.Address, out var other))
            {
                r.Error("prefix", raw, $"{prefix.Address} is already in [anycast:{other}]: a prefix belongs to one group");
            }
            else
            {
                owner[prefix.Address] = name;
                prefixes.Add(prefix);
            }
        }

        if (prefixes.Count > MaxPrefixes)
        {
            r.Error("prefix", raw, $"{prefixes.Count} prefixes: a group has at most {MaxPrefixes}");
            return [];
        }

        return prefixes;
    }
}
