using System.Net;
using System.Net.Sockets;

namespace Appliance.Config;

/// <summary>One <c>[vrrp:NAME]</c> with its track section; the checks between instances are in <see cref="VrrpCrossChecks"/>.</summary>
internal static class VrrpSection
{
    private const string PriorityRange = "1-254 (255 only for the address owner)";

    public static VrrpInstanceOptions? Read(string name, RawVrrp raw, Findings findings, IReadOnlyList<InterfaceOptions> interfaces, ConfigEnvironment environment, bool nginxEnabled, IReadOnlyList<string> checks)
    {
        var section = "vrrp:" + name;
        var r = new SectionReader(findings, section);
        if (!findings.Map.HasSection(section))
        {
            findings.Error(section + ":track", null, null, $"track section without its instance: add [vrrp:{name}] or remove this section");
            return null;
        }

        var d = new VrrpInstanceOptions { Name = name, Interface = "", Vrid = 0 };
        var declared = Interface(r, raw.Interface, interfaces, environment);
        var vrid = r.RequiredInt("vrid", raw.Vrid, 1, 255, "the virtual router id, 1-255, the same on both boxes");
        var version = r.Int("version", raw.Version, d.Version, 2, 3, "2 or 3");
        var priority = r.Int("priority", raw.Priority, d.Priority, 1, 255, PriorityRange);
        var vips = VirtualIps(r, raw.VirtualIp, version, out var family);
        var advert = AdvertInterval(r, raw.AdvertInterval, version, d.AdvertInterval);
        var preempt = r.Bool("preempt", raw.Preempt, d.Preempt);
        var preemptDelay = r.Duration("preempt_delay", raw.PreemptDelay, d.PreemptDelay, TimeSpan.Zero, TimeSpan.FromSeconds(3600));
        var accept = r.Bool("accept", raw.Accept, d.Accept);
        var virtualMac = r.Bool("virtual_mac", raw.VirtualMac, d.VirtualMac);
        var announceCount = r.Int("announce_count", raw.AnnounceCount, d.AnnounceCount, 0, 100);
        var announceInterval = r.Duration("announce_interval", raw.AnnounceInterval, d.AnnounceInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(10));
        var garpRefresh = r.Duration("garp_refresh", raw.GarpRefresh, d.GarpRefresh, TimeSpan.Zero, TimeSpan.FromHours(24));
        var checksumAsV2 = r.Bool("v3_checksum_as_v2", raw.V3ChecksumAsV2, d.V3ChecksumAsV2);
        var notify = new NotifyPrograms
        {
            Any = Program(r, "notify", raw.Notify),
            Master = Program(r, "notify_master", raw.NotifyMaster),
            Backup = Program(r, "notify_backup", raw.NotifyBackup),
            Fault = Program(r, "notify_fault", raw.NotifyFault),
            Stop = Program(r, "notify_stop", raw.NotifyStop),
        };
        var own = declared?.Addresses ?? [];
        var peers = UnicastPeers(r, raw.UnicastPeer, family, vips.Count > 0, interfaces);
        var source = UnicastSource(r, raw.UnicastSource, family, vips.Count > 0, own, declared, peers.Count > 0);
        var track = VrrpTrackSection.Read(findings, section + ":track", raw.Track, interfaces, environment, nginxEnabled, checks);
        var owner = Ownership(r, raw, priority, vips, declared);

        if (!preempt && raw.PreemptDelay is not null && preemptDelay > TimeSpan.Zero)
        {
            r.Warning("preempt_delay", raw.PreemptDelay, "has no effect with preempt = false");
        }

        if (checksumAsV2 && (version == 2 || family == AddressFamily.InterNetworkV6))
        {
            r.Warning("v3_checksum_as_v2", raw.V3ChecksumAsV2, "has no effect: it changes only the VRRPv3 checksum over IPv4");
        }

        if (raw.AnnounceCount is not null && announceCount == 0)
        {
            r.Warning("announce_count", raw.AnnounceCount, "no gratuitous ARP / neighbour advertisement on takeover: clients keep the old MAC until their caches expire");
        }

        if (garpRefresh > TimeSpan.Zero && garpRefresh < TimeSpan.FromSeconds(1))
        {
            r.Error("garp_refresh", raw.GarpRefresh, "0s (off) or 1s-24h: a refresh more often than every second floods the LAN with announcements");
        }

        if (declared is null || vrid is null || vips.Count == 0)
        {
            return null;
        }

        return new VrrpInstanceOptions
        {
            Name = name,
            Interface = declared.Name,
            Vrid = (byte)vrid.Value,
            Priority = (byte)priority,
            Version = version,
            AdvertInterval = advert,
            Family = family,
            VirtualIps = vips,
            Preempt = preempt,
            PreemptDelay = preemptDelay,
            Accept = accept,
            UnicastPeers = peers,
            Notify = notify,
            UnicastSource = source,
            VirtualMac = virtualMac,
            AnnounceCount = announceCount,
            AnnounceInterval = announceInterval,
            GarpRefresh = garpRefresh,
            Track = track,
            V3ChecksumAsV2 = checksumAsV2,
            AddressOwner = owner,
        };
    }

    /// <summary>The declared interface; a placeholder for a kernel link without a section; null when unknown or missing.</summary>
    private static InterfaceOptions? Interface(SectionReader r, string? raw, IReadOnlyList<InterfaceOptions> interfaces, ConfigEnvironment environment)
    {
        if (string.IsNullOrEmpty(raw))
        {
            r.Error("interface", raw, "required: the interface this instance runs on, e.g. eth0");
            return null;
        }

        var declared = interfaces.FirstOrDefault(i => i.Name == raw);
        if (declared is not null)
        {
            return declared;
        }

        if (environment.KnownInterfaces?.Contains(raw, StringComparer.Ordinal) == true)
        {
            return new InterfaceOptions { Name = raw };
        }

        if (environment.LinksMayAppear && Names.InterfaceNameProblem(raw) is null)
        {
            r.Warning("interface", raw, $"{raw} does not exist yet; the instance waits for it");
            return new InterfaceOptions { Name = raw };
        }

        r.Error("interface", raw, NoSuchInterface(raw, interfaces, environment));
        return null;
    }

    internal static string NoSuchInterface(string name, IReadOnlyList<InterfaceOptions> interfaces, ConfigEnvironment environment)
    {
        var candidates = interfaces.Select(i => i.Name).Concat(environment.KnownInterfaces ?? []).Distinct().ToList();
        var nearest = Suggestions.NearestInterface(name, candidates);
        var known = environment.KnownInterfaces is null
            ? $"no [interface:{name}] section"
            : $"neither an [interface:NAME] section nor a link of this box";
        return $"unknown interface: {name} is {known}" + (nearest is null ? "" : $"; did you mean '{nearest}'?");
    }

    private static List<InterfaceAddress> VirtualIps(SectionReader r, string? raw, int version, out AddressFamily family)
    {
        family = AddressFamily.InterNetwork;
        if (string.IsNullOrWhiteSpace(raw))
        {
            r.Error("virtual_ip", raw, "required: one or more virtual addresses, e.g. 192.0.2.10/24");
            return [];
        }

        var vips = r.CidrList("virtual_ip", raw, prefixRequired: false);
        foreach (var vip in vips.ToList())
        {
            if (Addresses.UnicastProblem(vip.Address) is { } problem)
            {
                r.Error("virtual_ip", raw, $"{vip.Address} is {problem}, not a virtual address");
                vips.Remove(vip);
            }
        }

        if (vips.Count == 0)
        {
            return vips;
        }

        family = vips[0].Family;
        var first = vips[0];
        var other = vips.FirstOrDefault(v => v.Family != first.Family);
        if (other is not null)
        {
            r.Error("virtual_ip", raw, $"mixed address families: {first} is {Addresses.FamilyName(first.Family)} but {other} is {Addresses.FamilyName(other.Family)}; one family per instance (add a second instance for the other family)");
            vips.RemoveAll(v => v.Family != first.Family);
        }

        if (vips.Count > 255)
        {
            // RFC 9568 5.2.5: Count IPvX Addr is one octet.
            r.Error("virtual_ip", raw, $"{vips.Count} addresses: an advertisement carries at most 255");
        }

        if (version == 2 && family == AddressFamily.InterNetworkV6)
        {
            r.Error("virtual_ip", raw, "VRRPv2 carries IPv4 only (RFC 3768): set version = 3 for IPv6");
        }

        return vips;
    }

    private static TimeSpan AdvertInterval(SectionReader r, string? raw, int version, TimeSpan fallback)
    {
        var interval = r.Duration("advert_interval", raw, fallback, TimeSpan.Zero, TimeSpan.FromDays(1));
        if (raw is null || interval == fallback && !Durations.TryParse(raw, out _, out _))
        {
            return interval;
        }

        var ms = (long)interval.TotalMilliseconds;
        if (version == 3)
        {
            // RFC 9568 5.2.6: Max Advertise Interval is 12 bits of centiseconds.
            if (ms is < 10 or > 40_950)
            {
                r.Error("advert_interval", raw, "out of range: advert_interval must be 10ms-40.95s for version 3");
                return fallback;
            }

            if (ms % 10 != 0)
            {
                var down = ms / 10 * 10;
                r.Error("advert_interval", raw, $"not in 10 ms steps: VRRPv3 counts advert_interval in centiseconds (e.g. {Durations.Format(TimeSpan.FromMilliseconds(down))} or {Durations.Format(TimeSpan.FromMilliseconds(down + 10))})");
                return fallback;
            }

            return interval;
        }

        // RFC 3768 5.3.7: Adver Int is one octet of whole seconds.
        if (ms < 1000)
        {
            r.Error("advert_interval", raw, "v2 with a sub-second interval: VRRPv2 counts advert_interval in whole seconds (1s-255s); set version = 3 for sub-second adverts");
            return fallback;
        }

        if (ms % 1000 != 0)
        {
            r.Error("advert_interval", raw, "not whole seconds: VRRPv2 counts advert_interval in whole seconds (1s-255s)");
            return fallback;
        }

        if (ms > 255_000)
        {
            r.Error("advert_interval", raw, "out of range: advert_interval must be 1s-255s for version 2");
            return fallback;
        }

        return interval;
    }

    private static List<IPAddress> UnicastPeers(SectionReader r, string? raw, AddressFamily family, bool familyKnown, IReadOnlyList<InterfaceOptions> interfaces)
    {
        var peers = r.AddressList("unicast_peer", raw);
        foreach (var peer in peers.ToList())
        {
            if (Addresses.UnicastProblem(peer) is { } problem)
            {
                r.Error("unicast_peer", raw, $"{peer} is {problem}, not a peer");
                peers.Remove(peer);
            }
            else if (familyKnown && peer.AddressFamily != family)
            {
                r.Error("unicast_peer", raw, $"{peer} is {Addresses.FamilyName(peer.AddressFamily)} but this instance's virtual_ip are {Addresses.FamilyName(family)}");
                peers.Remove(peer);
            }
            else if (interfaces.FirstOrDefault(i => i.Addresses.Any(a => a.Address.Equals(peer))) is { } mine)
            {
                r.Error("unicast_peer", raw, $"{peer} is this box's own address (on {mine.Name}): list the other box's address");
                peers.Remove(peer);
            }
        }

        return peers;
    }

    private static IPAddress? UnicastSource(SectionReader r, string? raw, AddressFamily family, bool familyKnown, IReadOnlyList<InterfaceAddress> own, InterfaceOptions? declared, bool hasPeers)
    {
        var source = r.Address("unicast_source", raw);
        if (source is null)
        {
            return null;
        }

        if (familyKnown && source.AddressFamily != family)
        {
            r.Error("unicast_source", raw, $"{source} is {Addresses.FamilyName(source.AddressFamily)} but this instance's virtual_ip are {Addresses.FamilyName(family)}");
            return null;
        }

        if (Addresses.UnicastProblem(source) is { } problem)
        {
            r.Error("unicast_source", raw, $"{source} is {problem}, not a source address");
            return null;
        }

        if (!hasPeers)
        {
            r.Warning("unicast_source", raw, "has no effect without unicast_peer");
        }

        if (declared is not null && own.Count > 0 && !own.Any(a => a.Address.Equals(source)))
        {
            r.Warning("unicast_source", raw, $"{source} is not one of {declared.Name}'s addresses ({string.Join(", ", own)}): the kernel will refuse to send from it unless it is set elsewhere");
        }

        return source;
    }

    private static bool Ownership(SectionReader r, RawVrrp raw, int priority, List<InterfaceAddress> vips, InterfaceOptions? declared)
    {
        var own = declared?.Addresses ?? [];
        var owned = vips.Where(v => own.Any(a => a.Address.Equals(v.Address))).ToList();
        var owner = vips.Count > 0 && owned.Count == vips.Count;
        if (priority == 255 && !owner && vips.Count > 0)
        {
            var notOwned = vips.First(v => !own.Any(a => a.Address.Equals(v.Address)));
            r.Error("priority", raw.Priority, $"out of range: priority must be {PriorityRange}: {notOwned.Address} is not an address of [interface:{declared?.Name ?? raw.Interface}]");
        }
        else if (owned.Count > 0 && priority != 255)
        {
            r.Warning("virtual_ip", raw.VirtualIp, $"{owned[0].Address} is this box's own address on {declared!.Name}: RFC 9568 gives the address owner priority 255; as backup this box would remove its own address");
        }

        return owner;
    }


    private static List<string> Program(SectionReader r, string key, string? raw) =>
        string.IsNullOrWhiteSpace(raw) ? [] : ProgramLine.Parse(r, key, raw.Trim()) ?? [];
}
