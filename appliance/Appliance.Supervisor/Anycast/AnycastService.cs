using System.Net.Sockets;
using Appliance.Config;
using Appliance.Control;
using Appliance.Linux;
using Appliance.Linux.Events;
using Appliance.Linux.Netlink;
using Appliance.Linux.Processes;
using Appliance.Supervisor.Processes;
using Serilog;

namespace Appliance.Supervisor.Anycast;

/// <summary>
/// The edge of <see cref="AnycastPolicy"/>: BIRD as a supervised child (<c>bird -f -c CONF -s CTL</c>, restarted
/// with back-off like nginx), its control socket on the event loop, the anycast addresses on the loopback, and the
/// policy's actions turned into <c>enable</c>/<c>disable</c> of each group's static protocols. Tracked objects
/// arrive from <see cref="Vrrp.VrrpNode.ObjectChanged"/> the moment they change, so nginx's exit is a withdrawal in
/// the same turn of the loop.
/// </summary>
internal sealed partial class AnycastService
{
    public const string BirdBinary = "/usr/sbin/bird";
    private static readonly TimeSpan ConnectRetry = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan BackoffInitial = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan BackoffMax = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(30);
    private readonly EventLoop _loop;
    private readonly ProcessHost _processes;
    private readonly RouteNetlinkSocket _netlink;
    private readonly ILogger _log;
    private readonly BgpOptions _bgp;
    private readonly IReadOnlyList<AnycastOptions> _groups;
    private readonly string _configPath;
    private readonly string _socketPath;
    private readonly AnycastPolicy _policy;
    private readonly LoopTimer _policyTimer;
    private readonly LoopTimer _restartTimer;
    private readonly LoopTimer _connectTimer;
    private readonly LoopTimer _pollTimer;
    private readonly Dictionary<string, string> _sessionStates = new(StringComparer.Ordinal);
    private HostedChild? _bird;
    private BirdControl? _control;
    private TimeSpan _backoff = BackoffInitial;
    private Action? _onStopped;

    public AnycastService(EventLoop loop, ProcessHost processes, RouteNetlinkSocket netlink, ILogger log, BgpOptions bgp, IReadOnlyList<AnycastOptions> groups, string stateDir)
    {
        _loop = loop;
        _processes = processes;
        _netlink = netlink;
        _log = log.ForContext("Service", "bird");
        _bgp = bgp;
        _groups = groups;
        _configPath = Path.Combine(stateDir, "bird.conf");
        _socketPath = Path.Combine(stateDir, "bird.ctl");
        _policy = new AnycastPolicy(EventLoop.Now, groups.Select(g => (g.Name, g.Track)));
        _policyTimer = loop.CreateTimer(() => Handle(new AnycastEvent.Timer()));
        _restartTimer = loop.CreateTimer(() => StartBird("restart"));
        _connectTimer = loop.CreateTimer(TryConnect);
        _pollTimer = loop.CreateTimer(Poll);
    }

    public long Restarts { get; private set; }

    public string? LastExit { get; private set; }

    /// <summary>The shutdown's drain is over and BIRD has stopped (or was not running).</summary>
    public bool Stopped => _policy.Stopped && _bird is null;

    /// <summary>Writes BIRD's configuration, puts the prefixes on the loopback and starts BIRD.</summary>
    public void Start(Func<string, bool> isObjectUp)
    {
        WriteConfig(BirdConfigWriter.Write(_bgp, _groups));
        HoldPrefixes();
        foreach (var track in _groups.Select(g => g.Track).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            Handle(new AnycastEvent.TrackedChanged(track, isObjectUp(track)));
        }

        StartBird("start");
    }

    public void OnObjectChanged(string name, bool up) => Handle(new AnycastEvent.TrackedChanged(name, up));

    /// <returns>False when there is no such group.</returns>
    public bool Drain(string group, bool drain)
    {
        if (_policy.Find(group) is null)
        {
            return false;
        }

        Handle(drain ? new AnycastEvent.Drain(group) : new AnycastEvent.Undrain(group));
        return true;
    }

    /// <summary>Withdraw every group, give the router <paramref name="drainFor"/> to move the flows, then stop BIRD.</summary>
    public void Shutdown(TimeSpan drainFor, Action stopped)
    {
        _onStopped = stopped;
        Handle(new AnycastEvent.Shutdown(drainFor));
    }

    public IReadOnlyList<AnycastStatus> Status() => [.. _policy.Groups.Select(g => new AnycastStatus
    {
        Name = g.Name,
        Prefixes = [.. _groups.First(o => o.Name == g.Name).Prefixes.Select(p => p.ToString())],
        Announced = g.Announced,
        Reason = g.Reason,
        Track = g.Track,
        Drained = g.Drained,
        SinceS = Math.Round((EventLoop.Now - g.Since).TotalSeconds, 3),
        Transitions = g.Transitions,
    })];

    public IReadOnlyList<BgpStatus> Sessions() => [.. _bgp.Neighbors.Select((n, i) => new BgpStatus
    {
        Neighbor = n.ToString(),
        State = _control is null ? "down" : _sessionStates.GetValueOrDefault(BirdConfigWriter.NeighborProtocol(i), "unknown"),
        Bfd = _bgp.Bfd,
    })];

    public ServiceStatus ServiceStatus() => new()
    {
        Name = "bird",
        State = _bird is null ? (_restartTimer.Deadline is null ? "stopped" : "backing-off") : _control is null ? "starting" : "running",
        Pid = _bird?.Pid,
        Healthy = _control is not null,
        Restarts = Restarts,
        LastExit = LastExit,
        OutputLinesDropped = _processes.DroppedLines("bird"),
    };

    private void Handle(AnycastEvent input)
    {
        _policy.Handle(EventLoop.Now, input);
        while (_policy.TryDequeueAction(out var action))
        {
            switch (action)
            {
                case AnycastAction.Announce announce:
                    _log.Information("anycast {Group}: announced ({Reason})", announce.Group, announce.Reason);
                    Tell(announce.Group, enable: true);
                    break;
                case AnycastAction.Withdraw withdraw:
                    _log.Warning("anycast {Group}: withdrawn ({Reason})", withdraw.Group, withdraw.Reason);
                    Tell(withdraw.Group, enable: false);
                    break;
                case AnycastAction.StopBird:
                    StopBird();
                    break;
            }
        }

        _policyTimer.Set(_policy.NextDeadline);
    }

    /// <summary>enable/disable of the group's static protocols; with BIRD down there is nothing to tell (it starts with them disabled).</summary>
    private void Tell(string group, bool enable)
    {
        if (_control is not { } control)
        {
            return;
        }

        foreach (var protocol in Protocols(group))
        {
            var command = $"{(enable ? "enable" : "disable")} {protocol}";
            if (!control.Send(command, reply => Told(command, enable, reply)))
            {
                _log.Error("BIRD: {Command} not sent: {Waiting} commands wait for an answer", command, control.Waiting);
            }
        }
    }

    private void Told(string command, bool enable, BirdReply reply)
    {
        // BIRD's doc/reply_codes: 0011 Enabled, 0010 Already enabled, 0009 Disabled, 0008 Already disabled.
        if (reply.IsError || !(enable ? reply.FirstCode is 10 or 11 : reply.FirstCode is 8 or 9))
        {
            _log.Error("BIRD refused '{Command}': {Code} {Reply}", command, reply.Code, reply.Text);
        }
    }

    private IEnumerable<string> Protocols(string group)
    {
        var options = _groups.First(g => string.Equals(g.Name, group, StringComparison.OrdinalIgnoreCase));
        return options.Prefixes.Select(p => p.Family).Distinct().Select(f => BirdConfigWriter.ProtocolName(options.Name, f));
    }

    /// <summary>The anycast addresses live on lo for as long as we run: nginx answers them, announced or not.</summary>
    private void HoldPrefixes()
    {
        var lo = _netlink.DumpLinks().FirstOrDefault(l => l.Name == "lo");
        if (lo is null)
        {
            _log.Error("anycast: no loopback interface; the prefixes are announced but not held");
            return;
        }

        foreach (var prefix in _groups.SelectMany(g => g.Prefixes))
        {
            try
            {
                _netlink.AddAddress(lo.Index, prefix.Address, prefix.PrefixLength,
                    flags: prefix.Family == AddressFamily.InterNetworkV6 ? AddressFlags.NoDad : AddressFlags.None);
                _log.Information("anycast: {Prefix} held on lo", prefix.ToString());
            }
            catch (SystemCallException e) when (e.Errno == Errno.EEXIST)
            {
                // Already there (a restart of ours): that is the state we want.
            }
            catch (SystemCallException e)
            {
                _log.Error("anycast: cannot hold {Prefix} on lo: {Error}", prefix.ToString(), e.Message);
            }
        }
    }
}
