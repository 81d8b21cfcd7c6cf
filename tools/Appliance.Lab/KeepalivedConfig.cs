using System.Globalization;
using System.Text;

namespace Appliance.Lab;

/// <summary>keepalived.conf for a lab box, as operators write it today (including the usual nginx check script).</summary>
public static class KeepalivedConfig
{
    public static string For(LabBox box, int priority, PairSettings settings, IEnumerable<LabBox> peers)
    {
        var text = new StringBuilder();
        text.AppendLine("global_defs {");
        text.AppendLine($"    router_id {box.Name}");
        text.AppendLine($"    vrrp_version {settings.Version}");
        text.AppendLine("    enable_script_security");
        text.AppendLine("    script_user root");
        text.AppendLine("}");
        if (settings.TrackNginx)
        {
            // The classic guide's check, with the box's own pid file (killall would see every box's nginx here,
            // since the lab shares one PID namespace): interval 1, weight -60.
            text.AppendLine("vrrp_script chk_nginx {");
            text.AppendLine($"    script \"/bin/sh -c 'kill -0 $(cat {box.Directory}/nginx.pid)'\"");
            text.AppendLine("    interval 1");
            text.AppendLine("    weight -60");
            text.AppendLine("}");
        }

        text.AppendLine("vrrp_instance web {");
        text.AppendLine("    state BACKUP");
        text.AppendLine("    interface eth0");
        text.AppendLine($"    virtual_router_id {settings.Vrid}");
        text.AppendLine($"    priority {priority}");
        text.AppendLine($"    advert_int {settings.AdvertInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture)}");
        if (!settings.Preempt)
        {
            text.AppendLine("    nopreempt");
        }

        if (settings.PreemptDelay > TimeSpan.Zero)
        {
            text.AppendLine($"    preempt_delay {settings.PreemptDelay.TotalSeconds.ToString(CultureInfo.InvariantCulture)}");
        }

        if (settings.IPv6)
        {
            text.AppendLine("    native_ipv6");
        }

        if (settings.VirtualMac)
        {
            text.AppendLine("    use_vmac");
        }

        text.AppendLine($"    garp_master_repeat {settings.AnnounceCount}");
        if (settings.Unicast)
        {
            text.AppendLine($"    unicast_src_ip {(settings.IPv6 ? box.Address6 : box.Address4)}");
            text.AppendLine("    unicast_peer {");
            foreach (var peer in peers)
            {
                text.AppendLine($"        {(settings.IPv6 ? peer.Address6 : peer.Address4)}");
            }

            text.AppendLine("    }");
        }

        text.AppendLine("    virtual_ipaddress {");
        text.AppendLine($"        {settings.Vip}");
        text.AppendLine("    }");
        if (settings.TrackNginx)
        {
            text.AppendLine("    track_script {");
            text.AppendLine("        chk_nginx");
            text.AppendLine("    }");
        }

        text.AppendLine("}");
        return text.ToString();
    }
}
