namespace Appliance.Supervisor.Anycast;

/// <summary>An input of <see cref="AnycastPolicy"/>.</summary>
internal abstract record AnycastEvent
{
    /// <summary>A tracked object (nginx, a check, a link) went up or down; groups that track it follow.</summary>
    public sealed record TrackedChanged(string Object, bool Up) : AnycastEvent;

    /// <summary>BIRD's control socket answered (up), or BIRD is gone (down, <paramref name="Why"/>).</summary>
    public sealed record BirdChanged(bool Up, string Why) : AnycastEvent;

    /// <summary>The operator withdraws the group while the box keeps serving what still arrives.</summary>
    public sealed record Drain(string Group) : AnycastEvent;

    public sealed record Undrain(string Group) : AnycastEvent;

    /// <summary>The supervisor stops: withdraw everything, then give the router <paramref name="DrainFor"/> before BIRD stops.</summary>
    public sealed record Shutdown(TimeSpan DrainFor) : AnycastEvent;

    /// <summary><see cref="AnycastPolicy.NextDeadline"/> passed.</summary>
    public sealed record Timer : AnycastEvent;
}

/// <summary>An output of <see cref="AnycastPolicy"/>, carried out by the edge in order.</summary>
internal abstract record AnycastAction
{
    /// <summary>Tell BIRD to announce the group (enable its static protocols).</summary>
    public sealed record Announce(string Group, string Reason) : AnycastAction;

    /// <summary>Tell BIRD to withdraw the group (disable its static protocols); when BIRD is down there is nothing to tell.</summary>
    public sealed record Withdraw(string Group, string Reason) : AnycastAction;

    /// <summary>Shutdown: every group has been withdrawn for the drain time; BIRD may stop.</summary>
    public sealed record StopBird : AnycastAction;
}

/// <summary>One <c>[anycast:NAME]</c> group as the policy sees it.</summary>
internal sealed class AnycastGroupState(string name, string track, TimeSpan now)
{
    public string Name { get; } = name;

    public string Track { get; } = track;

    /// <summary>Unknown counts as down: nothing is announced before its tracked object has said it is up.</summary>
    public bool TrackedUp { get; set; }

    public bool Drained { get; set; }

    public bool Announced { get; set; }

    public string Reason { get; set; } = "starting";

    public TimeSpan Since { get; set; } = now;

    public long Transitions { get; set; }
}

/// <summary>
/// Which anycast groups BIRD announces, with no I/O and no clock (time arrives as <c>now</c>). A group is announced
/// exactly while BIRD runs, its tracked object is up and it is not drained; every change is decided at the event
/// that causes it (nginx's exit, a check going down, a link losing carrier), never on a poll, and goes through
/// <see cref="Decide"/>, which records the reason an operator reads in status and the log. The only timer is the
/// shutdown's drain: groups are withdrawn first and BIRD stops after the router had time to move the flows.
/// </summary>
internal sealed class AnycastPolicy
{
    private readonly Queue<AnycastAction> _actions = new();
    private readonly List<AnycastGroupState> _groups;
    private bool _birdUp;
    private string _birdWhy = "BIRD not started yet";
    private TimeSpan? _stopAt;

    public AnycastPolicy(TimeSpan now, IEnumerable<(string Name, string Track)> groups)
    {
        _groups = [.. groups.Select(g => new AnycastGroupState(g.Name, g.Track, now))];
        foreach (var group in _groups)
        {
            group.Reason = $"waiting for BIRD; {group.Track} not known yet";
        }
    }

    public IReadOnlyList<AnycastGroupState> Groups => _groups;

    public bool BirdUp => _birdUp;

    public bool ShuttingDown => _stopAt is not null || Stopped;

    /// <summary>Shutdown's drain is over and <see cref="AnycastAction.StopBird"/> went out.</summary>
    public bool Stopped { get; private set; }

    public TimeSpan? NextDeadline => _stopAt;

    public AnycastGroupState? Find(string name) =>
        _groups.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));

    public bool TryDequeueAction(out AnycastAction action) => _actions.TryDequeue(out action!);

    public void Handle(TimeSpan now, AnycastEvent input)
    {
        switch (input)
        {
            case AnycastEvent.TrackedChanged changed:
                foreach (var group in _groups.Where(g => string.Equals(g.Track, changed.Object, StringComparison.OrdinalIgnoreCase)))
                {
                    group.TrackedUp = changed.Up;
                    Decide(now, group);
                }

                break;
            case AnycastEvent.BirdChanged bird:
                _birdUp = bird.Up;
                _birdWhy = bird.Why;
                _groups.ForEach(g => Decide(now, g, birdRestarted: bird.Up));
                break;
            case AnycastEvent.Drain drain when Find(drain.Group) is { } group:
                group.Drained = true;
                Decide(now, group);
                break;
            case AnycastEvent.Undrain undrain when Find(undrain.Group) is { } group:
                group.Drained = false;
                Decide(now, group);
                break;
            case AnycastEvent.Shutdown shutdown when !ShuttingDown:
                var announced = _groups.Any(g => g.Announced);
                _stopAt = now + (announced ? shutdown.DrainFor : TimeSpan.Zero);
                _groups.ForEach(g => Decide(now, g));
                Handle(now, new AnycastEvent.Timer());
                break;
            case AnycastEvent.Timer when _stopAt is { } at && now >= at:
                _stopAt = null;
                Stopped = true;
                _actions.Enqueue(new AnycastAction.StopBird());
                break;
        }
    }

    /// <param name="birdRestarted">A BIRD that just came up starts with every group disabled (its configuration
    /// says so): what should be announced is announced again even if the group was announced before it died.</param>
    private void Decide(TimeSpan now, AnycastGroupState group, bool birdRestarted = false)
    {
        var why = ShuttingDown ? "the supervisor is shutting down"
            : !_birdUp ? $"BIRD is down: {_birdWhy}"
            : group.Drained ? "drained by the operator"
            : !group.TrackedUp ? $"{group.Track} is down"
            : null;
        var announce = why is null;
        if (announce == group.Announced && !(announce && birdRestarted))
        {
            if (!announce)
            {
                group.Reason = why!; // still withdrawn, possibly for another reason now
            }

            return;
        }

        if (announce != group.Announced)
        {
            group.Transitions++;
            group.Since = now;
        }

        group.Announced = announce;
        group.Reason = why ?? $"{group.Track} is up";
        _actions.Enqueue(announce ? new AnycastAction.Announce(group.Name, group.Reason) : new AnycastAction.Withdraw(group.Name, group.Reason));
    }
}
