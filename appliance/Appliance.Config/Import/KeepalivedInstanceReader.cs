using System.Globalization;
using System.Net.Sockets;

namespace Appliance.Config;

/// <summary>Translates one vrrp_instance block, noting everything it changes or leaves behind.</summary>
internal sealed partial class KeepalivedInstanceReader(KeepalivedGlobals globals, List<ImportNote> notes)
{
    private readonly KeepalivedGlobals _globals = globals;
    private readonly List<ImportNote> _notes = notes;

    private int _priorityBonus;

    public ImportedInstance? Read(KeepalivedNode block, string name)
    {
        var source = block.Arg(0) ?? "";
        string? iface = null;
        int? vrid = null;
        int? priority = null;
        int? version = null;
        decimal? advertSeconds = null;
        string? state = null;
        bool? nopreempt = null;
        bool? accept = null;
        KeepalivedNode? vips = null;
        string? mcastSource = null;
        var deferred = new List<KeepalivedNode>();
        foreach (var node in block.Children ?? [])
        {
            switch (node.Keyword.ToLowerInvariant())
            {
                case "interface":
                    iface = node.Arg(0);
                    break;
                case "virtual_router_id":
                    vrid = Int(node, 1, 255);
                    break;
                case "priority":
                    priority = Int(node, 1, 255);
                    break;
                case "version":
                    version = Int(node, 2, 3);
                    break;
                case "advert_int":
                    advertSeconds = Seconds(node);
                    break;
                case "state":
                    state = node.Arg(0)?.ToUpperInvariant();
                    break;
                case "nopreempt":
                    nopreempt = true;
                    break;
                case "preempt":
                    nopreempt = false;
                    break;
                case "accept":
                    accept = true;
                    break;
                case "no_accept":
                    accept = false;
                    break;
                case "virtual_ipaddress":
                    vips = node;
                    break;
                case "mcast_src_ip":
                    mcastSource = node.Arg(0);
                    break;
                default:
                    deferred.Add(node);
                    break;
            }
        }

        if (iface is null || Names.InterfaceNameProblem(iface) is not null)
        {
            Note(block.Line, ImportNoteKind.NotCarriedOver, iface is null
                ? $"vrrp_instance {source} has no interface: not carried over"
                : $"vrrp_instance {source}: interface '{iface}' is not a usable interface name: not carried over");
            return null;
        }

        if (vrid is null)
        {
            Note(block.Line, ImportNoteKind.NotCarriedOver, $"vrrp_instance {source} has no valid virtual_router_id (1-255): not carried over");
            return null;
        }

        var instance = new ImportedInstance { Name = name, SourceName = source, Line = block.Line, Interface = iface, Vrid = vrid.Value };
        if (vips is not null)
        {
            ReadVirtualIps(instance, vips);
        }

        if (instance.VirtualIps.Count == 0)
        {
            Note(block.Line, ImportNoteKind.NotCarriedOver, $"vrrp_instance {source} has no usable virtual_ipaddress: not carried over");
            return null;
        }

        Version(instance, version, advertSeconds, block.Line);
        instance.Priority = BasePriority(priority, state, block.Line, source);
        Preempt(instance, nopreempt, state, block.Line);
        instance.Accept = accept ?? !_globals.Strict;
        if (_globals.GarpRepeat is { } repeat)
        {
            instance.AnnounceCount = Math.Clamp(repeat, 0, 100);
        }

        var interval = instance.Family == AddressFamily.InterNetworkV6 ? _globals.GnaInterval ?? _globals.GarpInterval : _globals.GarpInterval;
        if (interval is { } garpInterval)
        {
            instance.AnnounceInterval = AnnounceInterval(garpInterval, block.Line);
        }

        instance.GarpRefresh = GarpRefresh(_globals.GarpRefresh, block.Line);
        foreach (var node in deferred)
        {
            Other(instance, node);
        }

        if (instance.UnicastPeers.Count > 0 && instance.UnicastSource is null && mcastSource is not null && Addresses.TryParse(mcastSource, out var src, out _)
            && src.AddressFamily == instance.Family && Addresses.UnicastProblem(src) is null)
        {
            instance.UnicastSource = src;
            Note(block.Line, ImportNoteKind.Adjusted, $"{source}: mcast_src_ip {src} is also keepalived's unicast source: carried over as unicast_source");
        }
        else if (mcastSource is not null)
        {
            Note(block.Line, ImportNoteKind.NotCarriedOver, $"{source}: mcast_src_ip {mcastSource}: multicast advertisements go out from the interface's primary address");
        }

        FinishPriority(instance);
        return instance;
    }

    private void Version(ImportedInstance instance, int? version, decimal? advertSeconds, int line)
    {
        if (version is null && _globals.Version is null)
        {
            Note(line, ImportNoteKind.Adjusted, $"{instance.SourceName}: keepalived defaults to VRRPv2, kept as version = 2 so the pair keeps talking; move both boxes to 3 together");
        }

        instance.Version = version ?? _globals.Version ?? 2;
        if (instance.Family == AddressFamily.InterNetworkV6 && instance.Version == 2)
        {
            instance.Version = 3;
            Note(line, ImportNoteKind.Adjusted, $"{instance.SourceName}: IPv6 needs VRRPv3 (keepalived switches too): version = 3");
        }

        if (advertSeconds is not { } seconds)
        {
            return;
        }

        var ms = (long)Math.Round(seconds * 1000m);
        if (instance.Version == 2)
        {
            var whole = Math.Clamp((long)Math.Ceiling(seconds), 1, 255);
            if (whole * 1000 != ms)
            {
                Note(line, ImportNoteKind.Adjusted, $"{instance.SourceName}: advert_int {seconds.ToString(CultureInfo.InvariantCulture)} is not whole seconds, which VRRPv2 needs: advert_interval = {whole}s");
            }

            instance.AdvertInterval = TimeSpan.FromSeconds(whole);
            return;
        }

        var steps = Math.Clamp((long)Math.Round(ms / 10m), 1, 4095);
        if (steps * 10 != ms)
        {
            Note(line, ImportNoteKind.Adjusted, $"{instance.SourceName}: advert_int {seconds.ToString(CultureInfo.InvariantCulture)} rounded to VRRPv3's 10 ms steps (10ms-40.95s)");
        }

        instance.AdvertInterval = TimeSpan.FromMilliseconds(steps * 10);
    }

    private int BasePriority(int? priority, string? state, int line, string source)
    {
        if (priority is null)
        {
            Note(line, ImportNoteKind.Adjusted, state == "MASTER"
                ? $"{source}: no priority with state MASTER; priority = 100 (keepalived's default). Give the preferred box the higher priority"
                : $"{source}: no priority: priority = 100 (keepalived's default)");
            return 100;
        }

        if (priority == 255)
        {
            Note(line, ImportNoteKind.Adjusted, $"{source}: priority 255 means this box owns the virtual address; carried over as 254. If it really does, put the address in its [interface:NAME] address and set 255");
            return 254;
        }

        return priority.Value;
    }

    private void Preempt(ImportedInstance instance, bool? nopreempt, string? state, int line)
    {
        instance.Preempt = nopreempt != true;
        if (state is "MASTER" or "BACKUP")
        {
            var meaning = state == "MASTER"
                ? "the appliance starts every instance as backup and the priorities elect the master"
                : "the appliance starts every instance as backup anyway";
            Note(line, ImportNoteKind.NotCarriedOver, $"{instance.SourceName}: state {state}: {meaning}");
        }

        if (nopreempt == true && state == "MASTER")
        {
            Note(line, ImportNoteKind.Adjusted, $"{instance.SourceName}: nopreempt with state MASTER (keepalived ignores nopreempt there); carried over as preempt = false, which here is honoured");
        }
    }

    private int? Int(KeepalivedNode node, int min, int max)
    {
        if (Values.TryInt(node.Arg(0) ?? "", out var value) && value >= min && value <= max)
        {
            return value;
        }

        Note(node.Line, ImportNoteKind.Unreadable, $"{node}: expected a number {min}-{max}: not carried over");
        return null;
    }

    private decimal? Seconds(KeepalivedNode node)
    {
        if (decimal.TryParse(node.Arg(0), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value < 100_000)
        {
            return value;
        }

        Note(node.Line, ImportNoteKind.Unreadable, $"{node}: expected seconds (e.g. 1 or 0.5): not carried over");
        return null;
    }

    private void Note(int line, ImportNoteKind kind, string message) => _notes.Add(new ImportNote(line, kind, message));
}
