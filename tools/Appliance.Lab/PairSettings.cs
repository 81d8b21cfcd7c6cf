namespace Appliance.Lab;

/// <summary>
/// What a VRRP pair in the lab runs with, whichever implementation speaks for each box, so that our pair and a
/// keepalived pair are compared on the same topology and timers.
/// </summary>
public sealed record PairSettings
{
    public int Vrid { get; init; } = 51;

    public int Version { get; init; } = 3;

    public TimeSpan AdvertInterval { get; init; } = TimeSpan.FromSeconds(1);

    public bool Preempt { get; init; } = true;

    public TimeSpan PreemptDelay { get; init; }

    public bool IPv6 { get; init; }

    public bool Unicast { get; init; }

    public bool VirtualMac { get; init; }

    public int AnnounceCount { get; init; } = 3;

    public TimeSpan AnnounceInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>garp_refresh of the appliance; null: the key is left out (off).</summary>
    public TimeSpan? GarpRefresh { get; init; }

    /// <summary>How a box learns that its nginx died: our supervisor watches it; keepalived uses the usual pid-check script.</summary>
    public bool TrackNginx { get; init; }

    /// <summary>[nginx] recovery for our boxes: restart-first (default) or resign.</summary>
    public string? NginxRecovery { get; init; }

    /// <summary>[nginx] listen for our boxes: the sockets the supervisor holds for nginx (null: nginx binds its own).</summary>
    public string? NginxListen { get; init; } = "80, [::]:80";

    public string Vip => IPv6 ? $"{Lan.Vip6}/64" : $"{Lan.Vip4}/24";

    public static string Duration(TimeSpan span) =>
        span.TotalMilliseconds % 1000 == 0 ? $"{span.TotalSeconds:0}s" : $"{span.TotalMilliseconds:0}ms";
}
