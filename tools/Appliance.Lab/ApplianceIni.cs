using System.Text;

namespace Appliance.Lab;

/// <summary>appliance.ini for a lab box, in the keys of appliance/docs/configuration.md.</summary>
public static class ApplianceIni
{
    public static string For(LabBox box, int priority, PairSettings settings, IEnumerable<LabBox> peers, bool supervisedNginx = false, string? extra = null)
    {
        var text = new StringBuilder();
        text.AppendLine("[system]");
        text.AppendLine($"hostname = {box.Name}");
        text.AppendLine($"state_dir = {box.StateDirectory}");
        text.AppendLine();
        text.AppendLine("[interface:eth0]");
        text.AppendLine($"address = {box.Address4}/24, {box.Address6}/64");
        text.AppendLine("manage = false");
        text.AppendLine();
        text.AppendLine("[vrrp:web]");
        text.AppendLine("interface = eth0");
        text.AppendLine($"vrid = {settings.Vrid}");
        text.AppendLine($"priority = {priority}");
        text.AppendLine($"version = {settings.Version}");
        text.AppendLine($"advert_interval = {PairSettings.Duration(settings.AdvertInterval)}");
        text.AppendLine($"virtual_ip = {settings.Vip}");
        text.AppendLine($"preempt = {(settings.Preempt ? "true" : "false")}");
        text.AppendLine($"preempt_delay = {PairSettings.Duration(settings.PreemptDelay)}");
        text.AppendLine($"virtual_mac = {(settings.VirtualMac ? "true" : "false")}");
        text.AppendLine($"announce_count = {settings.AnnounceCount}");
        text.AppendLine($"announce_interval = {PairSettings.Duration(settings.AnnounceInterval)}");
        if (settings.GarpRefresh is { } refresh)
        {
            text.AppendLine($"garp_refresh = {PairSettings.Duration(refresh)}");
        }

        if (settings.Unicast)
        {
            text.AppendLine($"unicast_peer = {string.Join(", ", peers.Select(p => settings.IPv6 ? p.Address6 : p.Address4))}");
        }

        if (settings.TrackNginx)
        {
            text.AppendLine();
            text.AppendLine("[vrrp:web:track]");
            text.AppendLine("nginx = fault");
        }

        text.AppendLine();
        text.AppendLine("[nginx]");
        text.AppendLine($"enabled = {(supervisedNginx ? "true" : "false")}");
        if (supervisedNginx)
        {
            text.AppendLine($"binary = {NginxSite.Binary}");
            text.AppendLine($"config = {NginxSite.Write(box)}");
            text.AppendLine("health_url = http://127.0.0.1/");
            text.AppendLine($"recovery = {(settings.NginxRecovery ?? "restart-first")}");
            if (settings.NginxListen is { } listen)
            {
                text.AppendLine($"listen = {listen}");
            }
        }

        text.AppendLine();
        text.AppendLine("[log]");
        text.AppendLine("level = debug");
        text.AppendLine("syslog =");
        if (extra is not null)
        {
            text.AppendLine();
            text.AppendLine(extra);
        }

        return text.ToString();
    }
}
