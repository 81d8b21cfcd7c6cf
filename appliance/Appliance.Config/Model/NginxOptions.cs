namespace Appliance.Config;

public enum NginxRecovery
{
    /// <summary>On failure, restart nginx and keep mastership for the recovery grace; resign only if that fails.</summary>
    RestartFirst,

    /// <summary>On failure, the tracked object goes down at once (the VIP moves), then nginx is restarted.</summary>
    Resign,
}

/// <summary>The <c>[nginx]</c> section.</summary>
public sealed record NginxOptions
{
    public bool Enabled { get; init; } = true;

    public string Binary { get; init; } = "/usr/sbin/nginx";

    public string Config { get; init; } = "/etc/nginx/nginx.conf";

    /// <summary>Null: no HTTP probe; only the process itself is watched.</summary>
    public Uri? HealthUrl { get; init; } = new("http://127.0.0.1/");

    /// <summary>
    /// A crash is seen at once through the process's pidfd; the probe is for an nginx that hangs. Once a second, like
    /// keepalived's usual check script (interval 1): faster probing costs the box CPU for no earlier crash detection.
    /// </summary>
    public TimeSpan HealthInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromMilliseconds(150);

    public int HealthFailures { get; init; } = 2;

    public TimeSpan RestartBackoffInitial { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan RestartBackoffMax { get; init; } = TimeSpan.FromSeconds(30);

    public NginxRecovery Recovery { get; init; } = NginxRecovery.RestartFirst;

    /// <summary>Null: the supervisor derives the grace from the health and VRRP timers.</summary>
    public TimeSpan? RecoveryGrace { get; init; }

    /// <summary>How long nginx gets after SIGQUIT (graceful stop) before SIGKILL of its process group.</summary>
    /// <summary>
    /// After a hand-over, a connection accepted just before the client's ARP entry moved never gets its request (it
    /// went to the new master), and nginx's graceful stop waits for it. 5 s keeps an orderly stop inside docker
    /// stop's default 10 s, with room for the hand-over itself.
    /// </summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Limit for <c>nginx -t</c> and for the reload after SIGHUP.</summary>
    public TimeSpan ReloadTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a freshly started nginx has to pass its first health probe.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The listening sockets the supervisor opens and holds for nginx's whole life, handed to every nginx it starts;
    /// empty: nginx binds its own (an nginx crash then refuses connections until the restarted nginx binds again).
    /// </summary>
    public IReadOnlyList<NginxListen> Listen { get; init => field = EquatableList.From(value); } = EquatableList<NginxListen>.Empty;

    /// <summary>The accept queue of each held socket: connections that wait while nginx restarts.</summary>
    public int ListenBacklog { get; init; } = 4096;
}
