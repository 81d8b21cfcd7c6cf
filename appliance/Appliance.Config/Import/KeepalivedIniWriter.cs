using System.Globalization;
using System.Text;

namespace Appliance.Config;

/// <summary>Writes the translated instances as appliance.ini, headed by the import notes as comments.</summary>
internal static class KeepalivedIniWriter
{
    public static string Render(List<ImportedInstance> instances, KeepalivedGlobals globals, List<ImportNote> notes, List<(string Name, List<string> Members, int Line)> groups)
    {
        var ini = new StringBuilder();
        ini.Append("; appliance.ini imported from keepalived.conf by `appliance import-keepalived`.\n");
        ini.Append("; Check every value, and read the notes, before this file goes on a box.\n");
        foreach (var note in notes)
        {
            ini.Append("; - ").Append(Comment(note.ToString())).Append('\n');
        }

        if (globals.RouterId is { } routerId)
        {
            if (Names.HostnameProblem(routerId) is null)
            {
                ini.Append("\n[system]\n; from keepalived's router_id\n").Append("hostname = ").Append(routerId).Append('\n');
            }
            else
            {
                ini.Append("\n; keepalived's router_id ").Append(Comment(routerId)).Append(" is not a valid hostname: set [system] hostname yourself\n");
            }
        }

        var interfaces = instances.Select(i => i.Interface)
            .Concat(instances.SelectMany(i => i.Track.Select(t => t.Object)).Where(o => o != TrackSpec.Nginx && !globals.Checks.ContainsKey(o)))
            .Distinct(StringComparer.Ordinal);
        foreach (var name in interfaces)
        {
            ini.Append($"\n[interface:{name}]\n");
            ini.Append("; declared by the importer; add this box's own address and set manage = true when the appliance configures it\n");
            ini.Append("manage = false\n");
        }

        foreach (var i in instances)
        {
            ini.Append($"\n; from vrrp_instance {Comment(i.SourceName)} (line {i.Line})\n[vrrp:{i.Name}]\n");
            ini.Append($"interface = {i.Interface}\n");
            ini.Append(CultureInfo.InvariantCulture, $"vrid = {i.Vrid}\n");
            ini.Append(CultureInfo.InvariantCulture, $"priority = {i.Priority}\n");
            ini.Append(CultureInfo.InvariantCulture, $"version = {i.Version}\n");
            ini.Append($"advert_interval = {Durations.Format(i.AdvertInterval)}\n");
            ini.Append($"virtual_ip = {string.Join(", ", i.VirtualIps)}\n");
            ini.Append($"preempt = {Bool(i.Preempt)}\n");
            if (i.PreemptDelay > TimeSpan.Zero)
            {
                ini.Append($"preempt_delay = {Durations.Format(i.PreemptDelay)}\n");
            }

            ini.Append($"accept = {Bool(i.Accept)}\n");
            if (i.UnicastPeers.Count > 0)
            {
                ini.Append($"unicast_peer = {string.Join(", ", i.UnicastPeers)}\n");
                if (i.UnicastSource is not null)
                {
                    ini.Append($"unicast_source = {i.UnicastSource}\n");
                }
            }

            if (i.VirtualMac)
            {
                ini.Append("virtual_mac = true\n");
            }

            if (i.V3ChecksumAsV2)
            {
                ini.Append("v3_checksum_as_v2 = true\n");
            }

            if (i.AnnounceCount is { } count)
            {
                ini.Append(CultureInfo.InvariantCulture, $"announce_count = {count}\n");
            }

            if (i.AnnounceInterval is { } interval)
            {
                ini.Append($"announce_interval = {Durations.Format(interval)}\n");
            }

            if (i.GarpRefresh is { } refresh)
            {
                ini.Append($"garp_refresh = {Durations.Format(refresh)}\n");
            }

            foreach (var (key, program) in i.Notify.OrderBy(n => n.Key, StringComparer.Ordinal))
            {
                ini.Append(key).Append(" = ").Append(program).Append('\n');
            }

            if (i.Track.Count > 0)
            {
                ini.Append($"\n[vrrp:{i.Name}:track]\n");
                foreach (var (name, weight) in i.Track)
                {
                    ini.Append(name).Append(" = ").Append(weight is { } w ? w.ToString(CultureInfo.InvariantCulture) : "fault").Append('\n');
                }
            }
        }

        KeepalivedChecks.Render(ini, globals);
        foreach (var (name, members, line) in groups)
        {
            ini.Append($"\n; from vrrp_sync_group (line {line})\n[group:{name}]\ninstances = {string.Join(", ", members)}\n");
        }

        return ini.ToString();
    }

    private static string Bool(bool value) => value ? "true" : "false";

    /// <summary>
    /// Text from keepalived.conf inside an INI comment: one line, nothing the loader refuses (control characters, and
    /// the U+FFFD that bytes that are not UTF-8 read as: found by tools/fuzz.sh, keepalived).
    /// </summary>
    internal static string Comment(string text) => new(text.Select(c => c == '\t' || IniLexer.IsRefused(c) ? ' ' : c).ToArray());
}
