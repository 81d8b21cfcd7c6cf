using System.Text.Json.Serialization;

namespace Appliance.Control;

/// <summary>
/// <c>appliance status --json</c>: a contract for scripts and monitoring. Fields are added, never renamed or removed.
/// </summary>
public sealed record StatusReport
{
    /// <summary>The version of this contract: raised when a field changes meaning, never for an added field.</summary>
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>When the supervisor built this report: UTC, RFC 3339 with milliseconds.</summary>
    public string? GeneratedAt { get; init; }

    public required string Hostname { get; init; }

    public required long UptimeS { get; init; }

    public required string Version { get; init; }

    public bool Pid1 { get; init; }

    public IReadOnlyList<VrrpStatus> Vrrp { get; init; } = [];

    public IReadOnlyList<ServiceStatus> Services { get; init; } = [];

    /// <summary>The [check:NAME] health checks.</summary>
    public IReadOnlyList<CheckStatus> Checks { get; init; } = [];

    /// <summary>The [anycast:NAME] groups: announced over BGP or not, and why.</summary>
    public IReadOnlyList<AnycastStatus> Anycast { get; init; } = [];

    /// <summary>The BGP sessions BIRD runs for the [bgp] section, one per neighbour.</summary>
    public IReadOnlyList<BgpStatus> Bgp { get; init; } = [];

    /// <summary>Drops of packets that matched no instance (another VRID, malformed before the VRID), per interface.</summary>
    public IReadOnlyList<InterfaceDrops> Unattributed { get; init; } = [];

    /// <summary>The A/B slot this box booted from (only on the appliance image).</summary>
    public BootStatus? Boot { get; init; }

    /// <summary>Set while a commit-confirmed change waits for its confirmation.</summary>
    public PendingCommit? PendingCommit { get; init; }

    /// <summary>Why the box runs in safe mode (no VRRP instance at all), or null when it does not.</summary>
    public string? SafeMode { get; init; }

    /// <summary>Why the configuration file was refused at boot while the last good one runs, or null.</summary>
    public string? ConfigRejected { get; init; }

    /// <summary>What the state-change hooks and the instances' notify programs did since start.</summary>
    public HookCounters? Hooks { get; init; }

    /// <summary>Each log sink (syslog, remote, console): what it took, sent and dropped since start.</summary>
    public IReadOnlyList<LogSinkStatus> LogSinks { get; init; } = [];

    /// <summary>Lines that children (nginx, hooks, nft) printed beyond the per-child rate limit and that were not logged.</summary>
    public long ChildOutputLinesDropped { get; init; }
}

public sealed record HookCounters(long Started, long Failed, long TimedOut, long Dropped);

public sealed record LogSinkStatus(string Name, long Accepted, long Dropped, long Sent, long Failed);

public sealed record VrrpStatus
{
    public required string Name { get; init; }

    public required int Vrid { get; init; }

    public required string Interface { get; init; }

    public required int Version { get; init; }

    /// <summary>initialize, backup, master, fault, releasing.</summary>
    public required string State { get; init; }

    public required int Priority { get; init; }

    public required int EffectivePriority { get; init; }

    /// <summary>The primary address of the master this instance hears (its own when master); null when none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? MasterAddress { get; init; }

    public IReadOnlyList<string> VirtualIps { get; init; } = [];

    public long Transitions { get; init; }

    /// <summary>The last change of state; null before the first.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public TransitionStatus? LastTransition { get; init; }

    public required VrrpCounters Counters { get; init; }

    /// <summary>Tracked objects that are down now.</summary>
    public IReadOnlyList<string> TrackedDown { get; init; } = [];

    /// <summary>Why the instance is not running, when it is not (interface missing, no address).</summary>
    public string? Problem { get; init; }

    /// <summary>With accept = false (RFC 9568 Accept_Mode): what reaches the virtual addresses, and whether the filter is in force.</summary>
    public string? AcceptFilter { get; init; }
}

public sealed record TransitionStatus(string From, string To, string Reason, double AgoS)
{
    /// <summary>When it happened: UTC, RFC 3339 with milliseconds.</summary>
    public string? At { get; init; }
}

public sealed record VrrpCounters
{
    public long Received { get; init; }

    public long Sent { get; init; }

    public long SendErrors { get; init; }

    public IReadOnlyDictionary<string, long> Dropped { get; init; } = new Dictionary<string, long>();

    public string? LastDrop { get; init; }

    public long BecameMaster { get; init; }

    public long AddressListMismatches { get; init; }

    /// <summary>Advertisements whose interval was above what a backup adopts; the interval was capped.</summary>
    public long IntervalOutOfBounds { get; init; }

    public string? LastIntervalOutOfBounds { get; init; }
}

public sealed record InterfaceDrops(string Interface, string Family, IReadOnlyDictionary<string, long> Dropped, string? LastDrop);

public sealed record ServiceStatus
{
    public required string Name { get; init; }

    /// <summary>running, starting, stopped, backing-off, crash-loop, disabled.</summary>
    public required string State { get; init; }

    public int? Pid { get; init; }

    public bool Healthy { get; init; }

    public long Restarts { get; init; }

    public string? LastExit { get; init; }

    public string? Detail { get; init; }

    /// <summary>Lines the service printed beyond the per-child rate limit, not logged (over all its restarts).</summary>
    public long OutputLinesDropped { get; init; }
}

public sealed record CheckStatus
{
    public required string Name { get; init; }

    /// <summary>http, tcp, exec.</summary>
    public required string Type { get; init; }

    public required string Target { get; init; }

    /// <summary>up or down (a check starts up, as keepalived's scripts do).</summary>
    public required string State { get; init; }

    /// <summary>Seconds since the state last changed (or the check started).</summary>
    public double SinceS { get; init; }

    /// <summary>"ok" with the detail (status 200, exit 0), or why the last probe failed; null before the first result.</summary>
    public string? LastResult { get; init; }

    public double? LastDurationMs { get; init; }

    public long Successes { get; init; }

    public long Failures { get; init; }

    /// <summary>Probes that ran past the timeout (killed or closed); also counted in <see cref="Failures"/>.</summary>
    public long TimedOut { get; init; }

    public long Transitions { get; init; }
}

public sealed record AnycastStatus
{
    public required string Name { get; init; }

    /// <summary>The group's host routes, as 203.0.113.10/32.</summary>
    public required IReadOnlyList<string> Prefixes { get; init; }

    /// <summary>Whether BIRD has been told to announce the group.</summary>
    public required bool Announced { get; init; }

    /// <summary>Why it is (nginx is up) or is not (nginx is down, drained by the operator, BIRD is down: ...) announced.</summary>
    public required string Reason { get; init; }

    /// <summary>What must be healthy for the group to be announced (nginx, a check, an interface).</summary>
    public string? Track { get; init; }

    public bool Drained { get; init; }

    /// <summary>Seconds since announced last changed.</summary>
    public double SinceS { get; init; }

    public long Transitions { get; init; }
}

public sealed record BgpStatus
{
    public required string Neighbor { get; init; }

    /// <summary>BIRD's session state: Established, Idle, Active, Connect, OpenSent, OpenConfirm; down while BIRD is.</summary>
    public required string State { get; init; }

    /// <summary>Whether the session runs BFD ([bgp] bfd).</summary>
    public required bool Bfd { get; init; }
}

public sealed record BootStatus(string Slot, string ConfirmedSlot, bool Trial);

public sealed record PendingCommit(double SecondsLeft, IReadOnlyList<string> Changes);

/// <summary>The one form of a time in the status contract.</summary>
public static class StatusTime
{
    public static string Format(DateTime utc) =>
        utc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
