using Microsoft.Extensions.Configuration;

namespace Appliance.Config;

// Targets of the configuration binding source generator. Every value is a string: conversion and range checks are
// ours, so a bad value becomes a diagnostic with its line instead of the binder's InvalidOperationException, and null
// means "not in the file".

internal sealed class RawConfig
{
    public RawSystem System { get; set; } = new();

    public Dictionary<string, RawInterface> Interface { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, RawVrrp> Vrrp { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public RawNginx Nginx { get; set; } = new();

    public RawHooks Hooks { get; set; } = new();

    public RawLog Log { get; set; } = new();

    public RawMetrics Metrics { get; set; } = new();
    public Dictionary<string, RawCheck> Check { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, RawGroup> Group { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public RawBgp Bgp { get; set; } = new();

    public Dictionary<string, RawAnycast> Anycast { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

internal sealed class RawSystem
{
    public string? Hostname { get; set; }

    [ConfigurationKeyName("state_dir")]
    public string? StateDir { get; set; }

    public string? Console { get; set; }

    [ConfigurationKeyName("console_password")]
    public string? ConsolePassword { get; set; }

    public string? Modules { get; set; }

    public string? Shell { get; set; }

    [ConfigurationKeyName("upgrade_confirm_after")]
    public string? UpgradeConfirmAfter { get; set; }

    [ConfigurationKeyName("upgrade_trial_timeout")]
    public string? UpgradeTrialTimeout { get; set; }

    public string? Watchdog { get; set; }

    [ConfigurationKeyName("watchdog_timeout")]
    public string? WatchdogTimeout { get; set; }
    [ConfigurationKeyName("control_group")]
    public string? ControlGroup { get; set; }
}

internal sealed class RawInterface
{
    public string? Address { get; set; }

    public string? Gateway { get; set; }

    public string? Gateway6 { get; set; }

    public string? Manage { get; set; }
}

internal sealed class RawVrrp
{
    public string? Interface { get; set; }

    public string? Vrid { get; set; }

    public string? Priority { get; set; }

    public string? Version { get; set; }

    [ConfigurationKeyName("advert_interval")]
    public string? AdvertInterval { get; set; }

    [ConfigurationKeyName("virtual_ip")]
    public string? VirtualIp { get; set; }

    public string? Preempt { get; set; }

    [ConfigurationKeyName("preempt_delay")]
    public string? PreemptDelay { get; set; }

    public string? Accept { get; set; }

    [ConfigurationKeyName("unicast_peer")]
    public string? UnicastPeer { get; set; }

    [ConfigurationKeyName("unicast_source")]
    public string? UnicastSource { get; set; }

    [ConfigurationKeyName("virtual_mac")]
    public string? VirtualMac { get; set; }

    [ConfigurationKeyName("announce_count")]
    public string? AnnounceCount { get; set; }

    [ConfigurationKeyName("announce_interval")]
    public string? AnnounceInterval { get; set; }

    [ConfigurationKeyName("garp_refresh")]
    public string? GarpRefresh { get; set; }

    [ConfigurationKeyName("v3_checksum_as_v2")]
    public string? V3ChecksumAsV2 { get; set; }

    public string? Notify { get; set; }

    [ConfigurationKeyName("notify_master")]
    public string? NotifyMaster { get; set; }

    [ConfigurationKeyName("notify_backup")]
    public string? NotifyBackup { get; set; }

    [ConfigurationKeyName("notify_fault")]
    public string? NotifyFault { get; set; }

    [ConfigurationKeyName("notify_stop")]
    public string? NotifyStop { get; set; }

    public Dictionary<string, string?> Track { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

internal sealed class RawNginx
{
    public string? Enabled { get; set; }

    public string? Binary { get; set; }

    public string? Config { get; set; }

    [ConfigurationKeyName("health_url")]
    public string? HealthUrl { get; set; }

    [ConfigurationKeyName("health_interval")]
    public string? HealthInterval { get; set; }

    [ConfigurationKeyName("health_timeout")]
    public string? HealthTimeout { get; set; }

    [ConfigurationKeyName("health_failures")]
    public string? HealthFailures { get; set; }

    [ConfigurationKeyName("restart_backoff_initial")]
    public string? RestartBackoffInitial { get; set; }

    [ConfigurationKeyName("restart_backoff_max")]
    public string? RestartBackoffMax { get; set; }

    public string? Recovery { get; set; }

    [ConfigurationKeyName("recovery_grace")]
    public string? RecoveryGrace { get; set; }

    [ConfigurationKeyName("stop_timeout")]
    public string? StopTimeout { get; set; }

    [ConfigurationKeyName("reload_timeout")]
    public string? ReloadTimeout { get; set; }

    [ConfigurationKeyName("start_timeout")]
    public string? StartTimeout { get; set; }

    public string? Listen { get; set; }

    [ConfigurationKeyName("listen_backlog")]
    public string? ListenBacklog { get; set; }
}

internal sealed class RawHooks
{
    [ConfigurationKeyName("on_master")]
    public string? OnMaster { get; set; }

    [ConfigurationKeyName("on_backup")]
    public string? OnBackup { get; set; }

    [ConfigurationKeyName("on_fault")]
    public string? OnFault { get; set; }

    public string? Timeout { get; set; }
}

internal sealed class RawLog
{
    public string? Level { get; set; }

    public string? Syslog { get; set; }

    public string? Remote { get; set; }

    public string? Facility { get; set; }
}

internal sealed class RawMetrics
{
    public string? Listen { get; set; }
}

internal sealed class RawCheck
{
    public string? Type { get; set; }

    public string? Target { get; set; }

    public string? Interval { get; set; }

    public string? Timeout { get; set; }

    public string? Rise { get; set; }

    public string? Fall { get; set; }
}

internal sealed class RawGroup
{
    public string? Instances { get; set; }
}

internal sealed class RawBgp
{
    [ConfigurationKeyName("local_as")]
    public string? LocalAs { get; set; }

    public string? Neighbor { get; set; }

    [ConfigurationKeyName("neighbor_as")]
    public string? NeighborAs { get; set; }

    [ConfigurationKeyName("router_id")]
    public string? RouterId { get; set; }

    public string? Bfd { get; set; }

    [ConfigurationKeyName("bfd_interval")]
    public string? BfdInterval { get; set; }
}

internal sealed class RawAnycast
{
    public string? Prefix { get; set; }

    public string? Track { get; set; }
}
