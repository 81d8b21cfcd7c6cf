using Appliance.Vrrp.Router;

namespace Appliance.Supervisor.Vrrp;

/// <summary>An input of <see cref="SyncGroupPolicy"/>: whether a member is in fault for a reason of its own.</summary>
internal sealed record MemberHealth(string Instance, bool Faulted, string Reason);

/// <summary>
/// An input of <see cref="SyncGroupPolicy"/>: a member's election state after a transition (<paramref name="From"/>
/// is where it came from) or after its wish to be master changed (<paramref name="From"/> equals <paramref name="State"/>).
/// </summary>
internal sealed record MemberElection(string Instance, VirtualRouterState From, VirtualRouterState State, bool WantsMaster, string Reason);

/// <summary>An output of <see cref="SyncGroupPolicy"/>.</summary>
internal abstract record GroupAction(string Group);

/// <summary>The group's tracked object (<see cref="SyncGroupPolicy.ObjectName"/>) goes up or down.</summary>
internal sealed record GroupChanged(string Group, bool Up, string Reason) : GroupAction(Group);

/// <summary>These members, backups that want master, become master now: every member of the group wants it.</summary>
internal sealed record ElectMembers(string Group, IReadOnlyList<string> Members, string Reason) : GroupAction(Group);

/// <summary>These members, masters, follow another member that left master for backup.</summary>
internal sealed record YieldMembers(string Group, IReadOnlyList<string> Members, string Reason) : GroupAction(Group);

/// <summary>
/// Sync groups (keepalived's <c>vrrp_sync_group</c>), with no I/O and no clock. The members change state together:
/// <list type="bullet">
/// <item>Fault: every member tracks its group's object as <c>fault</c>. While one member is in fault for its own
/// reason (its link, an object it tracks as fault, an instance that cannot run), the object is down and every member
/// goes to fault with it, so the whole group leaves the box and the peer takes all of it; when no member has a fault
/// of its own, the object is up and the members elect again. A member's fault caused by the group itself is not its
/// own, or the group could never recover.</item>
/// <item>Master: a member whose Master_Down_Timer fires only wants master
/// (<see cref="VirtualRouterOptions.ElectsWithGroup"/>); when every member is master or wants to be, the ones that
/// want it become master at once (keepalived's <c>vrrp_sync_can_goto_master</c>: prefer backup to thrashing).</item>
/// <item>Backup: a master that hears a better master and goes to backup takes the group's other masters with it.</item>
/// </list>
/// </summary>
internal sealed class SyncGroupPolicy
{
    private readonly Dictionary<string, string> _groupOf = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Dictionary<string, string?>> _faults = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (VirtualRouterState State, bool WantsMaster)> _elections = new(StringComparer.OrdinalIgnoreCase);
    private readonly Queue<GroupAction> _actions = new();

    public SyncGroupPolicy(IEnumerable<(string Group, IReadOnlyList<string> Members)> groups)
    {
        foreach (var (group, members) in groups)
        {
            _faults[group] = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var member in members)
            {
                _groupOf[member] = group;
                _faults[group][member] = null;
                _elections[member] = (VirtualRouterState.Initialize, false);
            }
        }
    }

    /// <summary>The tracked object every member of <paramref name="group"/> has as fault; ':' keeps it apart from links and checks.</summary>
    public static string ObjectName(string group) => "group:" + group;

    public IEnumerable<string> Groups => _faults.Keys;

    /// <summary>Whether the group's object is up: no member has a fault of its own.</summary>
    public bool IsUp(string group) => _faults[group].Values.All(f => f is null);

    public bool TryDequeueAction(out GroupAction action) => _actions.TryDequeue(out action!);

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

    public void Handle(TimeSpan now, MemberElection input)
    {
        _ = now; // no timers: a group follows its members at once
        if (!_groupOf.TryGetValue(input.Instance, out var group))
        {
            return;
        }

        _elections[input.Instance] = (input.State, input.WantsMaster);
        var others = _faults[group].Keys.Where(m => !string.Equals(m, input.Instance, StringComparison.OrdinalIgnoreCase));
        if (input.From == VirtualRouterState.Master && input.State == VirtualRouterState.Backup)
        {
            var masters = others.Where(m => _elections[m].State == VirtualRouterState.Master).ToArray();
            if (masters.Length > 0)
            {
                _actions.Enqueue(new YieldMembers(group, masters, $"sync group {group}: {input.Instance} went to backup ({input.Reason})"));
            }

            return;
        }

        var members = _faults[group].Keys;
        var ready = members.All(m => _elections[m] is (VirtualRouterState.Master, _) or (VirtualRouterState.Backup, true));
        var wanting = members.Where(m => _elections[m] is (VirtualRouterState.Backup, true)).ToArray();
        if (ready && wanting.Length > 0)
        {
            _actions.Enqueue(new ElectMembers(group, wanting, $"sync group {group}: every member wants master"));
        }
    }
}
