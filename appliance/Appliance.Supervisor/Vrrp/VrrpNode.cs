using System.Net.Sockets;
using Appliance.Config;
using Appliance.Control;
using Appliance.Linux.Events;
using Appliance.Linux.Netlink;
using Appliance.Supervisor.Hooks;
using Appliance.Vrrp.Router;
using Serilog;

namespace Appliance.Supervisor.Vrrp;

/// <summary>
/// All VRRP instances of the box, on the event loop: it keeps the interface table current from netlink, shares one
/// raw socket per interface and family among instances, turns link events into the routers' link and tracked-object
/// inputs, and reports transitions.
/// </summary>
internal sealed class VrrpNode : IDisposable
{
    private readonly ILogger _log;
    private readonly HookRunner _hooks;
    private readonly RouteNetlinkMonitor _monitor;
    private readonly List<NetlinkEvent> _events = [];
    private readonly Dictionary<(int Index, AddressFamily Family), VrrpEndpoint> _endpoints = [];
    private readonly List<VrrpInstance> _instances = [];
    private readonly List<VrrpInstance> _retiring = [];
    private readonly Dictionary<string, bool> _objectStates = new(StringComparer.OrdinalIgnoreCase);
    private SyncGroupPolicy _groups = new([]);
    private bool _disposed;

    public VrrpNode(EventLoop loop, RouteNetlinkSocket netlink, ApplianceConfig config, HookRunner hooks, ILogger log)
    {
        Loop = loop;
        Netlink = netlink;
        Config = config;
        _hooks = hooks;
        _log = log;
        _monitor = RouteNetlinkSocket.OpenMonitor(RouteNetlinkGroups.Link | RouteNetlinkGroups.IPv4Address | RouteNetlinkGroups.IPv6Address);
        loop.Register(_monitor.Handle, OnNetlink);
    }

    public EventLoop Loop { get; }

    public RouteNetlinkSocket Netlink { get; }

    public ApplianceConfig Config { get; private set; }

    public InterfaceTable Interfaces { get; } = new();

    public IReadOnlyList<VrrpInstance> Instances => _instances;

    /// <summary>Called after each transition of any instance (the supervisor ties nginx and status to it).</summary>
    public event Action<VrrpInstance, RouterAction.StateChanged>? Transition;

    /// <summary>A link the table did not have appeared (a late driver, a hot-plugged NIC, a veth moved in).</summary>
    public event Action<LinkInfo>? LinkAppeared;

    public IReadOnlyList<Appliance.Control.InterfaceDrops> UnattributedDrops =>
        _endpoints.Values.Select(e => new Appliance.Control.InterfaceDrops(
            e.InterfaceName, e.Family == AddressFamily.InterNetworkV6 ? "ipv6" : "ipv4",
            e.Receiver.UnattributedDrops.Snapshot(), e.Receiver.UnattributedDrops.Last?.Message)).ToArray();

    public void Start()
    {
        Interfaces.Reload(Netlink);
        UseGroups(Config);
        foreach (var options in Config.Vrrp)
        {
            _instances.Add(Start(options));
        }

        RefreshGroups();
    }

    /// <summary>
    /// A tracked object (nginx, a check, a link) changed: for the anycast groups, which track the same objects as
    /// the instances. Raised after the instances have seen it.
    /// </summary>
    public event Action<string, bool>? ObjectChanged;

    /// <summary>The state of a tracked object other than an interface (nginx), set by its owner.</summary>
    public void SetObjectState(string name, bool up)
    {
        if (_objectStates.TryGetValue(name, out var previous) && previous == up)
        {
            return;
        }

        _objectStates[name] = up;
        foreach (var instance in _instances)
        {
            instance.Handle(new RouterEvent.TrackedObjectChanged(name, up));
        }

        RefreshGroups();
        ObjectChanged?.Invoke(name, up);
    }

    /// <summary>A tracked object as its owner last said (false before it said anything), or an interface's carrier.</summary>
    public bool IsObjectUp(string name) => _objectStates.TryGetValue(name, out var up) ? up : InterfaceUp(name);

    /// <summary>Objects with an owner (nginx) as the owner said; anything else is an interface.</summary>
    public IEnumerable<(string Name, bool Up)> TrackedStates(IReadOnlyList<TrackedObject> tracked) =>
        tracked.Select(t => (t.Name, IsObjectUp(t.Name)));

    public VrrpInstance? Find(string name) => _instances.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));

    public VrrpEndpoint EndpointFor(LinkInfo link, AddressFamily family, bool joinGroup)
    {
        if (_endpoints.TryGetValue((link.Index, family), out var endpoint))
        {
            if (joinGroup && !endpoint.JoinedGroup)
            {
                // A multicast instance joins an interface that so far had only unicast ones: a socket that joins.
                endpoint.Dispose();
                _endpoints.Remove((link.Index, family));
            }
            else
            {
                return endpoint;
            }
        }

        endpoint = new VrrpEndpoint(Loop, _log, link.Name, link.Index, family, joinGroup);
        _endpoints[(link.Index, family)] = endpoint;
        return endpoint;
    }

    public void ReleaseEndpoint(VrrpEndpoint endpoint)
    {
        if (endpoint.IsEmpty && _endpoints.Remove((endpoint.InterfaceIndex, endpoint.Family)))
        {
            endpoint.Dispose();
        }
    }

    public void OnTransition(VrrpInstance instance, RouterAction.StateChanged changed)
    {
        if (changed.To == VirtualRouterState.Initialize)
        {
            Loop.Post(DisposeRetired);
        }

        _hooks.OnTransition(instance.Name, instance.Options.Vrid, changed.From, changed.To, changed.Reason,
            instance.Options.Notify, instance.Router?.EffectivePriority ?? instance.Options.Priority);
        Transition?.Invoke(instance, changed);
        Elect(instance, changed.From, changed.Reason);
        RefreshGroups();
    }

    /// <summary>A sync group member's wish to be master changed (its Master_Down_Timer fired, or it heard a master again).</summary>
    public void OnMasterWanted(VrrpInstance instance)
    {
        if (instance.Router is { } router)
        {
            Elect(instance, router.State, router.WantsMaster ? "master down timer expired" : "a master is heard");
        }
    }

    /// <summary>
    /// The members of <paramref name="instance"/>'s sync group that are master, itself included: a planned failover
    /// of one member hands over the whole group.
    /// </summary>
    public IReadOnlyList<VrrpInstance> MastersOfGroup(VrrpInstance instance) => instance.Options.SyncGroup is { } group
        ? _instances.Where(i => i.Options.SyncGroup == group && i.Router?.State == VirtualRouterState.Master).ToArray()
        : [instance];

    private void Elect(VrrpInstance instance, VirtualRouterState from, string reason)
    {
        if (instance.Options.SyncGroup is null || instance.Router is not { } router)
        {
            return;
        }

        _groups.Handle(EventLoop.Now, new MemberElection(instance.Name, from, router.State, router.WantsMaster, reason));
        CarryOutGroupActions();
        if (from == VirtualRouterState.Backup && router is { State: VirtualRouterState.Backup, WantsMaster: true })
        {
            _log.Information("{Instance} wants master; sync group {Group} waits until every member does", instance.Name, instance.Options.SyncGroup);
        }
    }

    /// <summary>
    /// Puts a new configuration in force. Priority, addresses, timers, preemption, tracking, peers and hooks change
    /// on the running router, so a master stays master when it still should; a change of interface, VRID, version,
    /// family, virtual MAC or multicast/unicast mode restarts that instance alone. Returns what was done, per instance.
    /// </summary>
    public IReadOnlyList<string> Apply(ApplianceConfig config)
    {
        var done = new List<string>();
        Config = config;
        UseGroups(config);
        foreach (var instance in _instances.ToArray())
        {
            var next = config.FindVrrp(instance.Name);
            if (next is null)
            {
                instance.Handle(new RouterEvent.Shutdown(Handover: true));
                Retire(instance);
                done.Add($"vrrp {instance.Name}: removed (handing over first if master)");
            }
            else if (next == instance.Options)
            {
                continue;
            }
            else if (NeedsRestart(instance.Options, next))
            {
                instance.Handle(new RouterEvent.Shutdown(Handover: false));
                instance.Dispose();
                _instances[_instances.IndexOf(instance)] = Start(next);
                done.Add($"vrrp {instance.Name}: restarted (interface, VRID, version, family, virtual MAC or mode changed)");
            }
            else
            {
                instance.Reconfigure(next);
                done.Add($"vrrp {instance.Name}: applied live, state {instance.Router?.State.ToString().ToLowerInvariant() ?? "waiting"}");
            }
        }

        foreach (var added in config.Vrrp.Where(v => Find(v.Name) is null))
        {
            _instances.Add(Start(added));
            done.Add($"vrrp {added.Name}: started");
        }

        RefreshGroups();
        return done;
    }

    private static bool NeedsRestart(VrrpInstanceOptions old, VrrpInstanceOptions next) =>
        old.Interface != next.Interface || old.Vrid != next.Vrid || old.Version != next.Version || old.Family != next.Family
        || old.VirtualMac != next.VirtualMac || old.IsUnicast != next.IsUnicast || !Equals(old.UnicastSource, next.UnicastSource);

    private VrrpInstance Start(VrrpInstanceOptions options)
    {
        var instance = new VrrpInstance(this, options, _log);
        instance.TryStart();
        return instance;
    }

    /// <summary>A removed instance finishes its handover on its own, then lets go of its interface.</summary>
    private void Retire(VrrpInstance instance)
    {
        _instances.Remove(instance);
        if (instance.IsStopped)
        {
            instance.Dispose();
            return;
        }

        _retiring.Add(instance);
    }

    private void DisposeRetired()
    {
        foreach (var instance in _retiring.Where(i => i.IsStopped).ToArray())
        {
            _retiring.Remove(instance);
            instance.Dispose();
        }
    }

    /// <summary>Every instance leaves: with handover a master waits for its successor (make-before-break).</summary>
    public void Shutdown(bool handover)
    {
        foreach (var instance in _instances.Concat(_retiring))
        {
            instance.Handle(new RouterEvent.Shutdown(handover));
        }
    }

    public bool AllStopped => _instances.All(i => i.IsStopped) && _retiring.All(i => i.IsStopped);

    public IReadOnlyList<VrrpStatus> Status(AcceptFilter? filter) => _instances.Select(i => i.Status() with { AcceptFilter = filter?.Describe(i.Name) }).ToArray();

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var instance in _instances.Concat(_retiring))
        {
            instance.Dispose();
        }

        _instances.Clear();
        _retiring.Clear();
        foreach (var endpoint in _endpoints.Values)
        {
            endpoint.Dispose();
        }

        _endpoints.Clear();
        Loop.Unregister(_monitor.Handle);
        _monitor.Dispose();
    }

    /// <summary>
    /// A new set of sync groups. A group seen for the first time starts up (its members elect) before any router
    /// looks at it, and <see cref="RefreshGroups"/> takes it down at once if a member is in fault; a group that
    /// stays keeps its object's state until then. Objects of groups that are gone are tracked by no router.
    /// </summary>
    private void UseGroups(ApplianceConfig config)
    {
        _groups = new SyncGroupPolicy(config.Groups.Select(g => (g.Name, g.Instances)));
        foreach (var group in _groups.Groups)
        {
            _objectStates.TryAdd(SyncGroupPolicy.ObjectName(group), true);
        }

        // The new policy starts from where the members are, not from Initialize.
        foreach (var instance in _instances)
        {
            if (instance.Router is { } router)
            {
                _groups.Handle(EventLoop.Now, new MemberElection(instance.Name, router.State, router.State, router.WantsMaster, "configuration applied"));
            }
        }
    }

    /// <summary>Tells the sync groups every member's own health; a group whose object changed tells its members.</summary>
    private void RefreshGroups()
    {
        foreach (var instance in _instances.Where(i => i.Options.SyncGroup is not null))
        {
            var (faulted, reason) = OwnFault(instance);
            _groups.Handle(EventLoop.Now, new MemberHealth(instance.Name, faulted, reason));
        }

        CarryOutGroupActions();

        // Every group, not only those that changed: after a reload the policy is new, the routers' view is not.
        foreach (var group in _groups.Groups.ToArray())
        {
            SetObjectState(SyncGroupPolicy.ObjectName(group), _groups.IsUp(group));
        }
    }

    /// <summary>
    /// What the sync groups decided. Members are told one after the other; a member's transition comes back through
    /// <see cref="OnTransition"/> and may decide more (bounded: each member changes state at most once per order).
    /// </summary>
    private void CarryOutGroupActions()
    {
        while (_groups.TryDequeueAction(out var action))
        {
            switch (action)
            {
                case GroupChanged { Up: true } changed:
                    _log.Information("sync group {Group} is up: {Reason}; its members elect again", changed.Group, changed.Reason);
                    break;
                case GroupChanged changed:
                    _log.Warning("sync group {Group} is in fault: {Reason}; every member goes to fault", changed.Group, changed.Reason);
                    break;
                case ElectMembers elect:
                    foreach (var member in elect.Members)
                    {
                        Find(member)?.Handle(new RouterEvent.GroupElected(elect.Reason));
                    }

                    break;
                case YieldMembers yield:
                    _log.Information("{Reason}: {Members} follow to backup", yield.Reason, string.Join(", ", yield.Members));
                    foreach (var member in yield.Members)
                    {
                        Find(member)?.Handle(new RouterEvent.GroupYielded(yield.Reason));
                    }

                    break;
            }
        }
    }

    /// <summary>In fault for a reason of its own: not running, its link down, or an object it tracks as fault down.</summary>
    private (bool Faulted, string Reason) OwnFault(VrrpInstance instance)
    {
        if (instance.Problem is { } problem)
        {
            return (true, problem);
        }

        if (instance.Router is null)
        {
            return (false, "starting");
        }

        if (!InterfaceUp(instance.Options.Interface))
        {
            return (true, $"interface {instance.Options.Interface} down");
        }

        var down = instance.Options.Track.FirstOrDefault(t => t.Action == TrackAction.Fault
            && !IsObjectUp(t.ObjectName));
        return down is null ? (false, "healthy") : (true, $"tracked {down.ObjectName} down");
    }

    /// <summary>A tracked interface is up when it exists with carrier; a missing one is down.</summary>
    private bool InterfaceUp(string name) => Interfaces.Find(name) is { } link && link.IsUp && link.HasCarrier;

    private void OnNetlink()
    {
        _events.Clear();
        _monitor.TryReadEvents(_events);
        foreach (var change in _events)
        {
            if (change is EventsLost)
            {
                _log.Warning("netlink events were lost; reading links and addresses again");
                Interfaces.Reload(Netlink);
                foreach (var known in Interfaces.Links)
                {
                    OnLink(known);
                }

                continue;
            }

            var appeared = change is LinkChanged added && Interfaces.Find(added.Link.Name) is null;
            if (Interfaces.Apply(change) is { } link)
            {
                if (appeared)
                {
                    // Before the instances look at it: a managed link gets its addresses first.
                    LinkAppeared?.Invoke(link);
                }

                OnLink(change is LinkRemoved ? link with { Flags = 0 } : link);
                RefreshGroups();
            }
            else if (change is AddressRemoved removed)
            {
                RestoreIfHeld(removed.Address);
            }
            else if (change is AddressAdded)
            {
                // An instance that waited for an address to send from may start now.
                foreach (var waiting in _instances.Where(i => i.Router is null))
                {
                    waiting.TryStart();
                }
            }
        }
    }

    /// <summary>
    /// A master's address went away under it: an operator's `ip addr del`, or the kernel dropping it as a secondary
    /// of a primary address that was removed. The router still holds it, so it comes back, announced.
    /// </summary>
    private void RestoreIfHeld(AddressInfo removed)
    {
        foreach (var instance in _instances)
        {
            if (instance.Router is { HoldsVirtualAddresses: true } router
                && router.Options.VirtualAddresses.FirstOrDefault(v => v.Address.Equals(removed.Address)) is { Address: not null } vip)
            {
                _log.Warning("{Instance}: virtual address {Address} was removed from outside; restoring it", instance.Name, vip.ToString());
                instance.RestoreAddress(vip);
            }
        }
    }

    private void OnLink(LinkInfo link)
    {
        var up = link.IsUp && link.HasCarrier;
        foreach (var instance in _instances)
        {
            if (instance.Router is null)
            {
                instance.TryStart();
                continue;
            }

            if (instance.Options.Interface == link.Name)
            {
                instance.Handle(new RouterEvent.LinkChanged(up));
            }

            // A tracked interface, by name; no effect on routers that do not track it.
            if (!_objectStates.ContainsKey(link.Name))
            {
                instance.Handle(new RouterEvent.TrackedObjectChanged(link.Name, up));
            }
        }

        if (!_objectStates.ContainsKey(link.Name))
        {
            ObjectChanged?.Invoke(link.Name, up);
        }
    }
}
