namespace Appliance.Supervisor.Vrrp;

/// <summary>An input of <see cref="SyncGroupPolicy"/>: whether a member is in fault for a reason of its own.</summary>
internal sealed record MemberHealth(string Instance, bool Faulted, string Reason);

/// <summary>An output of <see cref="SyncGroupPolicy"/>: the group's tracked object (<see cref="SyncGroupPolicy.ObjectName"/>) goes up or down.</summary>
internal sealed record GroupChanged(string Group, bool Up, string Reason);

/// <summary>
/// Sync groups (keepalived's <c>vrrp_sync_group</c>), with no I/O and no clock. Every member tracks its group's object
/// as <c>fault</c>: while one member is in fault for its own reason (its link, an object it tracks as fault, an
/// instance that cannot run), the object is down and every member goes to fault with it, so the whole group leaves
/// the box and the peer takes all of it; when no member has a fault of its own, the object is up and the members
/// elect again together. A member's fault caused by the group itself is not its own, or the group could never recover.
/// </summary>
internal sealed class SyncGroupPolicy
{
    private readonly Dictionary<string, string> _groupOf = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Dictionary<string, string?>> _faults = new(StringComparer.OrdinalIgnoreCase);
    private readonly Queue<GroupChanged> _actions = new();

    public SyncGroupPolicy(IEnumerable<(string Group, IReadOnlyList<string> Members)> groups)
    {
        foreach (var (group, members) in groups)
        {
            _faults[group] = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var member in members)
            {
                _groupOf[member] = group;
                _faults[group][member] = null;
            }
        }
    }

    /// <summary>The tracked object every member of <paramref name="group"/> has as fault; ':' keeps it apart from links and checks.</summary>
    public static string ObjectName(string group) => "group:" + group;

    public IEnumerable<string> Groups => _faults.Keys;

    /// <summary>Whether the group's object is up: no member has a fault of its own.</summary>
    public bool IsUp(string group) => _faults[group].Values.All(f => f is null);

    public bool TryDequeueAction(out GroupChanged action) => _actions.TryDequeue(out action!);

    public void Handle(TimeSpan now, MemberHealth input)
    {
        _ = now; // no timers: a group follows its members at once
        if (!_groupOf.TryGetValue(input.Instance, out var group))
        {
            return;
        }

        var members = _faults[group];
        var wasUp = IsUp(group);
        members[input.Instance] = input.Faulted ? input.Reason : null;
        var up = IsUp(group);
        if (up != wasUp)
        {
            _actions.Enqueue(up
                ? new GroupChanged(group, true, $"{input.Instance} recovered and no member is in fault")
                : new GroupChanged(group, false, $"{input.Instance} is in fault ({input.Reason})"));
        }
    }
}
