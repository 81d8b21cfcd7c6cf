using static Appliance.Vrrp.Router.VirtualRouterState;

namespace Appliance.Vrrp.Router;

/// <summary>
/// The transition table: for every (state, event) pair, what the router does, in one place. A pair missing from the
/// table is a bug that <see cref="Handle"/> reports rather than a silent no-op, and the unit tests check that every
/// pair is listed; a pair that does nothing says so and why.
/// </summary>
public sealed partial class VirtualRouter
{
    /// <summary>The kinds of <see cref="RouterEvent"/>, as the table's column index.</summary>
    public enum EventKind
    {
        Startup,
        TimerExpired,
        AdvertisementReceived,
        LinkChanged,
        TrackedObjectChanged,
        Reconfigured,
        Shutdown,
        Resign,
        GroupElected,
        GroupYielded,
    }

    /// <summary>One cell of the table: in <paramref name="State"/>, on <paramref name="Event"/>, <paramref name="Decision"/>.</summary>
    public sealed record Transition(VirtualRouterState State, EventKind Event, string Decision)
    {
        internal Action<VirtualRouter, TimeSpan, RouterEvent>? Step { get; init; }
    }

    private static readonly VirtualRouterState[] AllStates = Enum.GetValues<VirtualRouterState>();

    /// <summary>Every cell, in the order of the RFC's event list (RFC 9568 6.4.1-6.4.3) and then ours.</summary>
    public static IReadOnlyList<Transition> Transitions { get; } =
    [
        // RFC 9568 6.4.1: Initialize waits for Startup; a router that is running ignores a second one.
        Do(Initialize, EventKind.Startup, "start: Fault when unhealthy, Master as address owner, else Backup", static (r, now, _) => r.OnStartup(now)),
        .. Ignore(EventKind.Startup, "already running: a second Startup changes nothing", Backup, Master, Fault, Releasing),

        // Timers run only in the states that arm them (ChangeState disarms them all); a late wake-up finds none due.
        .. DoIn(EventKind.TimerExpired, "the due timers: Master_Down_Timer, Adver_Timer, announcements, release, refresh",
            static (r, now, _) => r.OnTimers(now), Backup, Master, Releasing),
        .. Ignore(EventKind.TimerExpired, "no timer runs in this state", Initialize, Fault),

        // RFC 9568 6.4.2 and 6.4.3; Initialize and Fault count an advertisement but do not run the protocol.
        Do(Backup, EventKind.AdvertisementReceived, "RFC 9568 6.4.2: accept the master, preempt a lower one, or take over after skew time on priority 0",
            static (r, now, e) => r.BackupReceives(now, (RouterEvent.AdvertisementReceived)e)),
        Do(Master, EventKind.AdvertisementReceived, "RFC 9568 6.4.3: step down for a better master, answer a worse one, repeat on priority 0",
            static (r, now, e) => r.MasterReceives(now, (RouterEvent.AdvertisementReceived)e)),
        Do(Releasing, EventKind.AdvertisementReceived, "the first positive-priority advertisement is the successor: linger, then let go",
            static (r, now, e) => r.ReleasingReceives(now, (RouterEvent.AdvertisementReceived)e)),
        .. Ignore(EventKind.AdvertisementReceived, "counted only: RFC 9568 6.4.1 runs no protocol before Startup, nor in Fault", Initialize, Fault),

        // Inputs the router keeps in every state; leaving or entering Fault follows from them.
        .. DoIn(EventKind.LinkChanged, "remember the carrier; enter or leave Fault", static (r, now, e) => r.OnLinkChanged(now, ((RouterEvent.LinkChanged)e).Up), AllStates),
        .. DoIn(EventKind.TrackedObjectChanged, "remember the object; Fault for a fault-tracked object, a new priority for a weight",
            static (r, now, e) => r.OnTrackedObjectChanged(now, ((RouterEvent.TrackedObjectChanged)e).Name, ((RouterEvent.TrackedObjectChanged)e).Up), AllStates),
        .. DoIn(EventKind.Reconfigured, "take the new options; a master stays master when it still should",
            static (r, now, e) => r.OnReconfigured(now, ((RouterEvent.Reconfigured)e).Options), AllStates),

        // RFC 9568 6.4.2 and 6.4.3 Shutdown; with a handover a master waits for its successor first.
        Do(Master, EventKind.Shutdown, "hand over (release) or send priority 0 and go to Initialize",
            static (r, now, e) => r.MasterShutsDown(now, ((RouterEvent.Shutdown)e).Handover)),
        Do(Releasing, EventKind.Shutdown, "finish the release into Initialize, or stop at once without a handover",
            static (r, now, e) => r.ReleasingShutsDown(now, ((RouterEvent.Shutdown)e).Handover)),
        .. DoIn(EventKind.Shutdown, "go to Initialize: nothing is held", static (r, now, _) => r.ChangeState(now, Initialize, "shutdown"), Backup, Fault),
        Ignore(Initialize, EventKind.Shutdown, "already stopped"),

        // Planned failover: only a master hands over (the supervisor tells the operator so before asking).
        Do(Master, EventKind.Resign, "release to Backup and hold back from preempting", static (r, now, e) => r.StartResign(now, ((RouterEvent.Resign)e).HoldFor)),
        Do(Releasing, EventKind.Resign, "already releasing: only the hold is renewed", static (r, now, e) => r._holdUntil = now + ((RouterEvent.Resign)e).HoldFor),
        .. Ignore(EventKind.Resign, "only a master can hand over", Initialize, Backup, Fault),

        // Sync groups (VirtualRouterOptions.ElectsWithGroup).
        Do(Backup, EventKind.GroupElected, "Master, when this router wants it", static (r, now, e) => r.OnGroupElected(now, ((RouterEvent.GroupElected)e).Reason)),
        .. Ignore(EventKind.GroupElected, "only a backup that wants master is elected", Initialize, Master, Fault, Releasing),
        Do(Master, EventKind.GroupYielded, "send priority 0 and go to Backup with the group", static (r, now, e) => r.OnGroupYielded(now, ((RouterEvent.GroupYielded)e).Reason)),
        .. Ignore(EventKind.GroupYielded, "only a master follows its group to Backup", Initialize, Backup, Fault, Releasing),
    ];

    private static readonly Transition?[,] Table = Index(Transitions);

    public static EventKind KindOf(RouterEvent input) => input switch
    {
        RouterEvent.Startup => EventKind.Startup,
        RouterEvent.TimerExpired => EventKind.TimerExpired,
        RouterEvent.AdvertisementReceived => EventKind.AdvertisementReceived,
        RouterEvent.LinkChanged => EventKind.LinkChanged,
        RouterEvent.TrackedObjectChanged => EventKind.TrackedObjectChanged,
        RouterEvent.Reconfigured => EventKind.Reconfigured,
        RouterEvent.Shutdown => EventKind.Shutdown,
        RouterEvent.Resign => EventKind.Resign,
        RouterEvent.GroupElected => EventKind.GroupElected,
        RouterEvent.GroupYielded => EventKind.GroupYielded,
        _ => throw new InvalidOperationException($"unknown event {input.GetType().Name}"),
    };

    public void Handle(TimeSpan now, RouterEvent input)
    {
        var kind = KindOf(input);
        var transition = Table[(int)State, (int)kind]
            ?? throw new InvalidOperationException($"no transition for {kind} in state {State}");
        if (input is RouterEvent.AdvertisementReceived received)
        {
            // Counted in every state, processed or not: the counters say what reached the router.
            Counters.AdvertisementsReceived++;
            if (received.Advertisement.IsResignation)
            {
                Counters.ResignationsReceived++;
            }
        }

        transition.Step?.Invoke(this, now, input);
    }

    private static Transition Do(VirtualRouterState state, EventKind kind, string decision, Action<VirtualRouter, TimeSpan, RouterEvent> step) =>
        new(state, kind, decision) { Step = step };

    private static Transition Ignore(VirtualRouterState state, EventKind kind, string why) => new(state, kind, "nothing: " + why);

    private static IEnumerable<Transition> DoIn(EventKind kind, string decision, Action<VirtualRouter, TimeSpan, RouterEvent> step, params VirtualRouterState[] states) =>
        states.Select(s => Do(s, kind, decision, step));

    private static IEnumerable<Transition> Ignore(EventKind kind, string why, params VirtualRouterState[] states) =>
        states.Select(s => Ignore(s, kind, why));

    private static Transition?[,] Index(IReadOnlyList<Transition> transitions)
    {
        var table = new Transition?[AllStates.Length, Enum.GetValues<EventKind>().Length];
        foreach (var transition in transitions)
        {
            if (table[(int)transition.State, (int)transition.Event] is { } twice)
            {
                throw new InvalidOperationException($"two transitions for {transition.Event} in state {transition.State}: {twice.Decision}; {transition.Decision}");
            }

            table[(int)transition.State, (int)transition.Event] = transition;
        }

        return table;
    }
}
