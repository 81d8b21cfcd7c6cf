namespace Appliance.Config;

/// <summary>The <c>[system]</c> section.</summary>
public sealed record SystemOptions
{
    public string Hostname { get; init; } = "appliance";

    public string StateDir { get; init; } = "/run/appliance";

    /// <summary>Serial console device name without <c>/dev/</c> (e.g. <c>ttyS0</c>); null: no console UI.</summary>
    public string? Console { get; init; } = "ttyS0";

    /// <summary>A <see cref="ConsolePassword"/> hash; null: the console asks for no password.</summary>
    public string? ConsolePassword { get; init; }

    /// <summary>Kernel modules to load at boot, in order.</summary>
    public IReadOnlyList<string> Modules { get; init => field = EquatableList.From(value); } = EquatableList<string>.Empty;

    /// <summary>Whether the console offers a shell.</summary>
    public bool Shell { get; init; }

    /// <summary>How long a trial boot of a new image must be healthy before it becomes the confirmed slot.</summary>
    public TimeSpan UpgradeConfirmAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A trial boot not healthy within this long reboots into the confirmed (previous) slot.</summary>
    public TimeSpan UpgradeTrialTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>The hardware watchdog device the event loop feeds (e.g. <c>/dev/watchdog</c>); null: none.</summary>
    public string? Watchdog { get; init; }

    /// <summary>How long the watchdog waits for a feed before it resets the box; whole seconds.</summary>
    public TimeSpan WatchdogTimeout { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>Members of this group may read status over the control socket; null: root only.</summary>
    public string? ControlGroup { get; init; }
}
