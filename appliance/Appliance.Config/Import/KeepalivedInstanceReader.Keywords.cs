using System.Globalization;
using System.Net.Sockets;

namespace Appliance.Config;

/// <summary>The keywords of a vrrp_instance beyond the basics: timers, unicast, announcements, and what has no equivalent.</summary>
internal sealed partial class KeepalivedInstanceReader
{
    private static readonly HashSet<string> NoEquivalent = new(StringComparer.OrdinalIgnoreCase)
    {
        "debug", "native_ipv6", "strict_mode", "skip_check_adv_addr", "check_unicast_src", "higher_prio_send_advert",
        "kernel_rx_buf_size", "promote_secondaries", "linkbeat_use_polling", "lvs_sync_daemon_interface",
        "unicast_ttl", "unicast_fault_no_peer", "version_2_checksum", "no_accept_fault", "vmac_xmit_base",
        "garp_extra_if", "track_file", "track_bfd", "notify_deleted", "notify_priority_changes", "virtual_routes",
        "virtual_rules", "dont_track_primary", "int_type", "sync_group_tracking_weight",
    };
    private void Other(ImportedInstance instance, KeepalivedNode node)
    {
        var keyword = node.Keyword.ToLowerInvariant();
        switch (keyword)
        {
            case "preempt_delay":
                if (Seconds(node) is { } delay)
                {
                    instance.PreemptDelay = TimeSpan.FromMilliseconds((long)Math.Min(delay * 1000m, 3_600_000m));
                }

                break;
            case "v3_checksum_as_v2":
                // keepalived: the keyword alone, or followed by true/false (yes/no, on/off).
                switch (node.Arg(0)?.ToLowerInvariant())
                {
                    case null or "true" or "yes" or "on":
                        instance.V3ChecksumAsV2 = true;
                        break;
                    case "false" or "no" or "off":
                        instance.V3ChecksumAsV2 = false;
                        break;
                    default:
                        Note(node.Line, ImportNoteKind.Unreadable, $"{node}: expected true or false: not carried over");
                        break;
                }

                break;
            case "unicast_src_ip":
                if (Address(node, node.Arg(0), instance) is { } source)
                {
                    instance.UnicastSource = source;
                }

                break;
            case "unicast_peer":
                foreach (var peer in (node.Children ?? []).SelectMany(c => c.Args.Prepend(c.Keyword)))
                {
                    if (peer is "min_ttl" or "max_ttl" || Values.TryInt(peer, out _))
                    {
                        continue;
                    }

                    if (Address(node, peer, instance) is { } address && !instance.UnicastPeers.Contains(address))
                    {
                        instance.UnicastPeers.Add(address);
                    }
                }

                if ((node.Children ?? []).Any(c => c.Args.Contains("min_ttl") || c.Args.Contains("max_ttl")))
                {
                    Note(node.Line, ImportNoteKind.NotCarriedOver, "unicast_peer min_ttl/max_ttl: not supported, ignored");
                }

                break;
            case "track_interface":
                foreach (var entry in node.Children ?? [])
                {
                    if (Names.InterfaceNameProblem(entry.Keyword) is not null)
                    {
                        Note(entry.Line, ImportNoteKind.Unreadable, $"track_interface '{entry.Keyword}': not an interface name: not carried over");
                        continue;
                    }

                    if (!Reversed(entry))
                    {
                        AddTrack(instance, entry.Keyword, Weight(entry), entry.Line, $"track_interface {entry.Keyword}");
                    }
                }

                break;
            case "track_script":
                foreach (var entry in node.Children ?? [])
                {
                    Script(instance, entry);
                }

                break;
            case "track_process":
                foreach (var entry in node.Children ?? [])
                {
                    Script(instance, entry);
                }

                break;
            case "use_vmac":
                instance.VirtualMac = true;
                if (node.Arg(0) is { } vmac)
                {
                    Note(node.Line, ImportNoteKind.NotCarriedOver, $"use_vmac {vmac}: the appliance names its macvlan interface itself");
                }

                break;
            case "garp_master_repeat":
                if (Int(node, 0, 10_000) is { } repeat)
                {
                    instance.AnnounceCount = Math.Clamp(repeat, 0, 100);
                }

                break;
            case "garp_interval" or "gna_interval":
                var ipv6 = instance.Family == AddressFamily.InterNetworkV6;
                if ((keyword == "gna_interval") == ipv6 && Seconds(node) is { } seconds)
                {
                    instance.AnnounceInterval = AnnounceInterval(TimeSpan.FromMilliseconds((long)Math.Min(seconds * 1000m, 10_000m)), node.Line);
                }
                else if ((keyword == "gna_interval") != ipv6)
                {
                    Note(node.Line, ImportNoteKind.NotCarriedOver, $"{node}: does not apply to an {Addresses.FamilyName(instance.Family)} instance");
                }

                break;
            case "garp_master_delay":
                Note(node.Line, ImportNoteKind.NotCarriedOver, $"{node}: no second burst of gratuitous ARPs after a delay; the appliance announces on becoming master and again whenever it hears a lower-priority master");
                break;
            case "garp_master_refresh":
                if (Seconds(node) is { } refresh)
                {
                    instance.GarpRefresh = GarpRefresh(TimeSpan.FromMilliseconds((long)(refresh * 1000m)), node.Line);
                }

                break;
            case "garp_master_refresh_repeat":
                Note(node.Line, ImportNoteKind.NotCarriedOver, $"{node}: garp_refresh sends one announcement per address each time");
                break;
            case "garp_lower_prio_repeat" or "garp_lower_prio_delay":
                Note(node.Line, ImportNoteKind.NotCarriedOver, $"{node}: the appliance announces again whenever it hears a lower-priority master");
                break;
            case "authentication":
                Note(node.Line, ImportNoteKind.NotCarriedOver, "authentication: VRRP authentication is not supported (RFC 9568 has none). A keepalived peer that still uses it will reject this box's advertisements and both become master: remove authentication on the peer too");
                break;
            case "notify_master" or "notify_backup" or "notify_fault" or "notify_stop" or "notify":
                Notify(instance, node, keyword);
                break;
            case "notify_master_rx_lower_pri":
                Note(node.Line, ImportNoteKind.NotCarriedOver, $"{node.Keyword}: no equivalent (a master that hears a lower priority announces again on its own): not carried over");
                break;
            case "smtp_alert":
                Note(node.Line, ImportNoteKind.NotCarriedOver, "smtp_alert: e-mail alerts are not supported; use [hooks] or [log] remote");
                break;
            case "virtual_ipaddress_excluded":
                var excluded = string.Join(", ", (node.Children ?? []).Select(c => c.Keyword));
                Note(node.Line, ImportNoteKind.NotCarriedOver, $"virtual_ipaddress_excluded ({excluded}): every virtual address is advertised here; add them to virtual_ip (one family per instance) if the pair should move them");
                break;
            default:
                var why = NoEquivalent.Contains(keyword) ? "no equivalent in the appliance" : "unknown to the importer";
                Note(node.Line, ImportNoteKind.NotCarriedOver, $"{node}: {why}, not carried over");
                break;
        }
    }
    /// <summary>keepalived's garp_master_refresh (whole seconds, 0 off) within garp_refresh's 1s-24h.</summary>
    private TimeSpan? GarpRefresh(TimeSpan? refresh, int line)
    {
        if (refresh is not { } value || value <= TimeSpan.Zero)
        {
            return null;
        }

        var bounded = value < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : value > TimeSpan.FromHours(24) ? TimeSpan.FromHours(24) : value;
        if (bounded != value)
        {
            Note(line, ImportNoteKind.Adjusted, $"garp_master_refresh {value.TotalSeconds.ToString(CultureInfo.InvariantCulture)}: garp_refresh = {Durations.Format(bounded)} (1s-24h)");
        }

        return bounded;
    }

    private TimeSpan AnnounceInterval(TimeSpan interval, int line)
    {
        if (interval < TimeSpan.FromMilliseconds(10))
        {
            Note(line, ImportNoteKind.Adjusted, "gratuitous ARP interval below 10ms (keepalived's 0 sends them back to back): announce_interval = 10ms");
            return TimeSpan.FromMilliseconds(10);
        }

        return interval > TimeSpan.FromSeconds(10) ? TimeSpan.FromSeconds(10) : interval;
    }
}
