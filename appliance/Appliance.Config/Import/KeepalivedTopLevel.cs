using System.Globalization;

namespace Appliance.Config;

/// <summary>The top level of keepalived.conf: global_defs, check scripts, and the blocks the appliance has no use for.</summary>
internal static class KeepalivedTopLevel
{
    public static void Read(KeepalivedNode node, KeepalivedGlobals globals, List<ImportNote> notes)
    {
        void Note(ImportNoteKind kind, string message) => notes.Add(new ImportNote(node.Line, kind, message));
        var keyword = node.Keyword.ToLowerInvariant();
        if (keyword.StartsWith('@') || keyword.StartsWith('$'))
        {
            Note(ImportNoteKind.Unreadable, $"{node.Keyword}: keepalived's conditional configuration and parameter substitution are not evaluated: skipped");
            return;
        }

        switch (keyword)
        {
            case "vrrp_instance":
                if (!node.IsBlock)
                {
                    Note(ImportNoteKind.Unreadable, $"{node}: vrrp_instance without a {{ block }}: skipped");
                }

                break;
            case "global_defs":
                foreach (var child in node.Children ?? [])
                {
                    Global(child, globals, notes);
                }

                break;
            case "vrrp_script":
                Script(node, globals, notes);
                break;
            case "vrrp_track_process":
                var process = node.First("process")?.Arg(0) ?? "";
                var weight = node.First("weight")?.Arg(0);
                var nginx = process.Contains("nginx", StringComparison.OrdinalIgnoreCase);
                globals.Scripts[node.Arg(0) ?? ""] = new KeepalivedGlobals.CheckScript(node.Arg(0) ?? "", "process " + process,
                    Values.TryInt(weight ?? "", out var w) ? w : null, node.Line, nginx ? NginxCheck.Verdict.Nginx : NginxCheck.Verdict.NotNginx) { Process = true };
                break;
            case "vrrp_sync_group":
                // Read after the instances (KeepalivedSyncGroups): its members are named by them.
                break;
            case "virtual_server" or "virtual_server_group" or "real_server":
                Note(ImportNoteKind.NotCarriedOver, $"{node}: LVS load balancing is not part of the appliance (nginx does the balancing): not carried over");
                break;
            case "static_ipaddress" or "static_routes" or "static_rules":
                Note(ImportNoteKind.NotCarriedOver, $"{node.Keyword}: put the box's own addresses and gateway in [interface:NAME] address/gateway with manage = true");
                break;
            case "include":
                Note(ImportNoteKind.NotCarriedOver, $"include {string.Join(' ', node.Args)}: included files are not followed; import them separately and merge");
                break;
            case "vrrp_track_file" or "track_file" or "bfd_instance" or "net_namespace" or "linkbeat_use_polling" or "child_wait_time":
                Note(ImportNoteKind.NotCarriedOver, $"{node.Keyword}: no equivalent in the appliance, not carried over");
                break;
            default:
                Note(ImportNoteKind.Unreadable, $"'{node}': unknown top-level keyword, skipped");
                break;
        }
    }

    private static void Global(KeepalivedNode node, KeepalivedGlobals globals, List<ImportNote> notes)
    {
        void Note(ImportNoteKind kind, string message) => notes.Add(new ImportNote(node.Line, kind, message));
        switch (node.Keyword.ToLowerInvariant())
        {
            case "vrrp_version":
                if (Values.TryInt(node.Arg(0) ?? "", out var version) && version is 2 or 3)
                {
                    globals.Version = version;
                }
                else
                {
                    Note(ImportNoteKind.Unreadable, $"{node}: expected 2 or 3");
                }

                break;
            case "router_id":
                globals.RouterId = node.Arg(0);
                break;
            case "vrrp_strict":
                globals.Strict = true;
                Note(ImportNoteKind.Adjusted, "vrrp_strict: instances without accept get accept = false (strict keepalived drops traffic to the addresses); no other strict checks are carried over");
                break;
            case "vrrp_garp_master_repeat":
                globals.GarpRepeat = Values.TryInt(node.Arg(0) ?? "", out var repeat) ? repeat : null;
                break;
            case "vrrp_garp_interval":
                globals.GarpInterval = Seconds(node.Arg(0));
                break;
            case "vrrp_gna_interval":
                globals.GnaInterval = Seconds(node.Arg(0));
                break;
            case "vrrp_garp_master_refresh":
                globals.GarpRefresh = Seconds(node.Arg(0));
                break;
            case "notification_email" or "notification_email_from" or "smtp_server" or "smtp_connect_timeout" or "smtp_helo_name":
                if (!notes.Any(n => n.Message.StartsWith("e-mail", StringComparison.Ordinal)))
                {
                    Note(ImportNoteKind.NotCarriedOver, "e-mail alerts (notification_email, smtp_server): not supported; use [hooks] or [log] remote");
                }

                break;
            case "enable_script_security" or "script_user":
                Note(ImportNoteKind.NotCarriedOver, $"{node.Keyword}: the appliance runs no check scripts; not needed");
                break;
            case "vrrp_mcast_group4" or "vrrp_mcast_group6":
                Note(ImportNoteKind.NotCarriedOver, $"{node}: the appliance uses the standard VRRP groups (224.0.0.18, ff02::12); use unicast_peer for anything else");
                break;
            default:
                Note(ImportNoteKind.NotCarriedOver, $"global_defs {node}: no equivalent in the appliance, not carried over");
                break;
        }
    }

    private static void Script(KeepalivedNode node, KeepalivedGlobals globals, List<ImportNote> notes)
    {
        var name = node.Arg(0);
        var script = node.First("script");
        if (name is null || script is null)
        {
            notes.Add(new ImportNote(node.Line, ImportNoteKind.Unreadable, $"vrrp_script {name}: no script line, skipped"));
            return;
        }

        var command = string.Join(' ', new[] { script.Arg(0) ?? "" }.Concat(script.Args.Skip(1)));
        var weight = node.First("weight");
        int? w = weight is not null && Values.TryInt(weight.Arg(0) ?? "", out var parsed) ? parsed : null;
        int? Count(string keyword) => node.First(keyword) is { } n && Values.TryInt(n.Arg(0) ?? "", out var c) ? c : null;
        globals.Scripts[name] = new KeepalivedGlobals.CheckScript(name, command, w, node.Line, NginxCheck.Classify(name, command))
        {
            Interval = Seconds(node.First("interval")?.Arg(0)),
            Timeout = Seconds(node.First("timeout")?.Arg(0)),
            Rise = Count("rise"),
            Fall = Count("fall"),
        };
    }

    internal static TimeSpan? Seconds(string? text) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var s) && s < 100_000
            ? TimeSpan.FromMilliseconds((long)(s * 1000m))
            : null;
}
