using System.Text;

namespace Appliance.Lab.Vm;

/// <summary>
/// appliance.ini for a box of the image tests, in the keys of appliance/docs/configuration.md: a host name, eth0
/// (managed by the box with its own address in a VM; left to docker in a container), one VRRP instance "web" whose
/// master serves the VIP with nginx tracked, no local syslog (the image runs no syslog daemon).
/// </summary>
public sealed record BoxIni
{
    public required string Hostname { get; init; }

    /// <summary>The box's own address on eth0 (manage = true); null: eth0 is left as it is (manage = false).</summary>
    public string? Address { get; init; }

    public string VirtualIp { get; init; } = "192.0.2.10/24";

    public int Priority { get; init; } = 100;

    public string AdvertInterval { get; init; } = "100ms";

    /// <summary>RFC 9568 virtual MAC (00-00-5e-00-01-33 for vrid 51) through a macvlan link.</summary>
    public bool VirtualMac { get; init; }

    /// <summary>The console menu offers a root shell: how the tests run commands in a VM.</summary>
    public bool Shell { get; init; } = true;

    public string? UpgradeConfirmAfter { get; init; }

    public string? UpgradeTrialTimeout { get; init; }

    /// <summary>[system] watchdog (e.g. /dev/watchdog); null leaves the key out (no watchdog).</summary>
    public string? Watchdog { get; init; }

    public string? WatchdogTimeout { get; init; }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine("[system]");
        text.AppendLine($"hostname = {Hostname}");
        text.AppendLine($"shell = {(Shell ? "true" : "false")}");
        if (UpgradeConfirmAfter is not null)
        {
            text.AppendLine($"upgrade_confirm_after = {UpgradeConfirmAfter}");
        }

        if (UpgradeTrialTimeout is not null)
        {
            text.AppendLine($"upgrade_trial_timeout = {UpgradeTrialTimeout}");
        }

        if (Watchdog is not null)
        {
            text.AppendLine($"watchdog = {Watchdog}");
        }

        if (WatchdogTimeout is not null)
        {
            text.AppendLine($"watchdog_timeout = {WatchdogTimeout}");
        }

        text.AppendLine();
        text.AppendLine("[interface:eth0]");
        if (Address is not null)
        {
            text.AppendLine($"address = {Address}");
        }

        text.AppendLine($"manage = {(Address is null ? "false" : "true")}");
        text.AppendLine();
        text.AppendLine("[vrrp:web]");
        text.AppendLine("interface = eth0");
        text.AppendLine("vrid = 51");
        text.AppendLine($"priority = {Priority}");
        text.AppendLine($"advert_interval = {AdvertInterval}");
        text.AppendLine($"virtual_ip = {VirtualIp}");
        text.AppendLine("accept = true");
        text.AppendLine($"virtual_mac = {(VirtualMac ? "true" : "false")}");
        text.AppendLine();
        text.AppendLine("[vrrp:web:track]");
        text.AppendLine("nginx = fault");
        text.AppendLine();
        text.AppendLine("[nginx]");
        text.AppendLine("enabled = true");
        text.AppendLine();
        text.AppendLine("[log]");
        text.AppendLine("syslog =");
        return text.ToString();
    }
}
