namespace Appliance.Config;

/// <summary>The kinds of section in appliance.ini; named kinds carry a NAME component (<c>[vrrp:web]</c>).</summary>
public enum SectionKind
{
    System,
    Interface,
    Vrrp,
    VrrpTrack,
    Nginx,
    Hooks,
    Log,
    Metrics,
    Check,
    Group,
    Bgp,
    Anycast,
}

/// <summary>What it takes for a changed key to take effect on a running box.</summary>
public enum ApplyMode
{
    /// <summary>Applied at once, nothing restarts.</summary>
    Live,

    /// <summary>The affected VRRP instance resigns (priority 0 advertisement) and starts again.</summary>
    RestartsInstance,

    /// <summary>nginx is reloaded (<c>nginx -t</c>, then SIGHUP) or, for the binary, restarted.</summary>
    RestartsNginx,

    /// <summary>The console UI restarts; a logged-in operator is logged out.</summary>
    RestartsConsole,

    /// <summary>Takes effect when the supervisor starts again (service restart or reboot).</summary>
    RestartsSupervisor,

    /// <summary>Takes effect at the next boot.</summary>
    NextBoot,
}
