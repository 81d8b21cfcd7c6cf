using System.Net;
using System.Net.Sockets;
using Appliance.Config;
using Appliance.Control;
using Appliance.Linux;
using Appliance.Linux.Announce;
using Appliance.Linux.Events;
using Appliance.Linux.Netlink;
using Appliance.Linux.Sockets;
using Appliance.Vrrp.Receive;
using Appliance.Vrrp.Router;
using Appliance.Vrrp.Wire;
using Serilog;

namespace Appliance.Supervisor.Vrrp;

/// <summary>
/// One configured VRRP instance at run time: the core's <see cref="VirtualRouter"/>, its timer on the event loop,
/// and the edge that carries out its actions in order (send through the raw socket, add and remove addresses
/// through netlink, announce through ARP/NA, log transitions and run hooks).
/// </summary>
internal sealed class VrrpInstance : IDisposable
{
    private readonly VrrpNode _node;
    private readonly ILogger _log;
    private readonly LoopTimer _timer;
    private readonly byte[] _sendBuffer = new byte[AdvertisementWriter.MaxMessageLength + 8];
    private VrrpEndpoint? _endpoint;
    private VirtualMacLink? _virtualMac;
    private Announcer? _announcer;
    private TimeSpan? _lastSendErrorLog;
    private TimeSpan? _lastIntervalLog;
    private long _loggedIntervalOutOfBounds;

    public VrrpInstance(VrrpNode node, VrrpInstanceOptions options, ILogger log)
    {
        _node = node;
        Options = options;
        _log = log.ForContext("Instance", options.Name).ForContext("Vrid", (int)options.Vrid);
        _timer = node.Loop.CreateTimer(() => Handle(RouterEvent.Timer));
    }

    public VrrpInstanceOptions Options { get; private set; }

    public string Name => Options.Name;

    /// <summary>Null until the instance could start (its interface exists and has an address to speak from).</summary>
    public VirtualRouter? Router { get; private set; }

    public IPAddress? PrimaryAddress => Router?.Options.PrimaryAddress;

    /// <summary>Why the instance is not running, for status and logs.</summary>
    public string? Problem { get; private set; }

    public long SendErrors { get; private set; }

    public bool IsStopped => Router is null || Router.State == VirtualRouterState.Initialize;

    public VrrpEndpoint? Endpoint => _endpoint;

    /// <summary>Starts when the interface and a source address are there; otherwise records why and waits.</summary>
    public bool TryStart()
    {
        if (Router is not null)
        {
            return true;
        }

        var link = _node.Interfaces.Find(Options.Interface);
        if (link is null)
        {
            return Wait($"waiting for interface {Options.Interface}");
        }

        var primary = ChoosePrimaryAddress(link);
        if (primary is null)
        {
            return Wait($"no {(Options.Family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4")} address on {Options.Interface} to send from");
        }

        var routerOptions = RouterOptionsFactory.Create(Options, primary);
        Router = new VirtualRouter(routerOptions);
        var mac = link.Address ?? throw new InvalidOperationException($"{link.Name} has no link-layer address");
        if (Options.VirtualMac)
        {
            _virtualMac = VirtualMacLink.Create(_node.Netlink, link, Options.Vrid, Options.Family, _log);
            mac = _virtualMac.Mac;
        }

        _endpoint = _node.EndpointFor(link, Options.Family, joinGroup: !Options.IsUnicast);
        _endpoint.Add(Router, this, RouterOptionsFactory.ReceivePolicy(Options));
        _announcer = new Announcer(_virtualMac?.Name ?? link.Name, _virtualMac?.Index ?? link.Index, mac);
        Problem = null;

        if (!link.IsUp || !link.HasCarrier)
        {
            Router.Handle(EventLoop.Now, new RouterEvent.LinkChanged(false));
        }

        foreach (var (name, up) in _node.TrackedStates(routerOptions.Track))
        {
            if (!up)
            {
                Router.Handle(EventLoop.Now, new RouterEvent.TrackedObjectChanged(name, false));
            }
        }

        _log.Information("{Instance}: VRID {Vrid} on {Interface} from {Primary}, priority {Priority}, {Mode}",
            Name, (int)Options.Vrid, Options.Interface, primary, (int)Options.Priority,
            Options.IsUnicast ? $"unicast to {string.Join(", ", Options.UnicastPeers)}" : "multicast");
        Handle(RouterEvent.Start);
        return true;
    }

    public void Handle(RouterEvent input)
    {
        if (Router is null)
        {
            return;
        }

        Router.Handle(EventLoop.Now, input);
        AfterEvent();
    }

    /// <summary>Carries out what the router asked for, in order, then re-arms its timer.</summary>
    public void AfterEvent()
    {
        if (Router is null)
        {
            return;
        }

        while (Router.TryDequeueAction(out var action))
        {
            try
            {
                Execute(action);
            }
            catch (SystemCallException e)
            {
                _log.Error("{Instance}: {Action} failed: {Error}", Name, action.GetType().Name, e.Message);
            }
            catch (Exception e)
            {
                // A bug in carrying out one action must not cost the others, nor the re-armed timer below.
                _log.Error(e, "{Instance}: {Action} failed", Name, action.GetType().Name);
            }
        }

        LogIntervalOutOfBounds(Router.Counters);
        _timer.Set(Router.NextDeadline);
    }

    /// <summary>
    /// Logs a capped advertisement interval: the first at once, then at most once a minute with the count, since a
    /// misconfigured master repeats it with every advertisement.
    /// </summary>
    private void LogIntervalOutOfBounds(RouterCounters counters)
    {
        if (counters.IntervalOutOfBounds == _loggedIntervalOutOfBounds)
        {
            return;
        }

        var now = EventLoop.Now;
        if (_lastIntervalLog is { } last && now - last < TimeSpan.FromMinutes(1))
        {
            return;
        }

        _lastIntervalLog = now;
        _loggedIntervalOutOfBounds = counters.IntervalOutOfBounds;
        _log.Warning("{Instance}: advertisement interval out of bounds: {Detail} ({Count} so far)",
            Name, counters.LastIntervalOutOfBounds, counters.IntervalOutOfBounds);
    }

    public void Reconfigure(VrrpInstanceOptions options)
    {
        Options = options;
        if (Router is null || PrimaryAddress is null || _endpoint is null)
        {
            TryStart();
            return;
        }

        _endpoint.Receiver.UpdatePolicy(options.Vrid, RouterOptionsFactory.ReceivePolicy(options));
        Handle(new RouterEvent.Reconfigured(RouterOptionsFactory.Create(options, PrimaryAddress)));
    }

    public VrrpStatus Status()
    {
        var router = Router;
        var drops = router is not null && _endpoint is not null && _endpoint.Receiver.DropsByRouter.TryGetValue(router.VirtualRouterId, out var d) ? d : null;
        return new VrrpStatus
        {
            Name = Name,
            Vrid = Options.Vrid,
            Interface = Options.Interface,
            Version = Options.Version,
            State = (router?.State ?? VirtualRouterState.Initialize).ToString().ToLowerInvariant(),
            Priority = Options.Priority,
            EffectivePriority = router?.EffectivePriority ?? Options.Priority,
            MasterAddress = router?.MasterAddress?.ToString(),
            VirtualIps = Options.VirtualIps.Select(v => v.ToString()).ToArray(),
            Transitions = router?.Counters.Transitions ?? 0,
            LastTransition = router?.LastTransition is { } last && _lastTransition is { } t
                ? new TransitionStatus(t.From, t.To, last.Reason, Math.Round((EventLoop.Now - last.At).TotalSeconds, 3))
                {
                    At = StatusTime.Format(DateTime.UtcNow - (EventLoop.Now - last.At)),
                }
                : null,
            Counters = new VrrpCounters
            {
                Received = router?.Counters.AdvertisementsReceived ?? 0,
                Sent = router?.Counters.AdvertisementsSent ?? 0,
                SendErrors = SendErrors,
                Dropped = drops?.Snapshot() ?? new Dictionary<string, long>(),
                LastDrop = drops?.Last?.Message,
                BecameMaster = router?.Counters.BecameMaster ?? 0,
                AddressListMismatches = router?.Counters.AddressListMismatches ?? 0,
                IntervalOutOfBounds = router?.Counters.IntervalOutOfBounds ?? 0,
                LastIntervalOutOfBounds = router?.Counters.LastIntervalOutOfBounds,
            },
            TrackedDown = router is null ? [] : _node.TrackedStates(router.Options.Track).Where(t => !t.Up).Select(t => t.Name).ToArray(),
            Problem = Problem,
        };
    }

    private (string From, string To)? _lastTransition;

    private void Execute(RouterAction action)
    {
        switch (action)
        {
            case RouterAction.SendAdvertisement send:
                Send(send.Advertisement);
                break;
            case RouterAction.AddVirtualAddresses add:
                foreach (var address in add.Addresses)
                {
                    AddAddress(address);
                }

                break;
            case RouterAction.RemoveVirtualAddresses remove:
                foreach (var address in remove.Addresses)
                {
                    _node.Netlink.DeleteAddress(VipInterfaceIndex, address.Address, address.PrefixLength, ignoreMissing: true);
                }

                break;
            case RouterAction.Announce announce:
                foreach (var address in announce.Addresses)
                {
                    _announcer!.Announce(address.Address);
                }

                break;
            case RouterAction.StateChanged changed:
                OnStateChanged(changed);
                break;
            case RouterAction.MasterWanted:
                _node.OnMasterWanted(this);
                break;
        }
    }

    /// <summary>Puts back a held address the kernel or an operator removed, and tells the LAN again.</summary>
    public void RestoreAddress(VirtualAddress address)
    {
        try
        {
            AddAddress(address);
            _announcer?.Announce(address.Address);
        }
        catch (SystemCallException e)
        {
            _log.Error("{Instance}: could not restore {Address}: {Error}", Name, address.ToString(), e.Message);
        }
    }

    private int VipInterfaceIndex => _virtualMac?.Index ?? _endpoint!.InterfaceIndex;

    private void AddAddress(VirtualAddress address)
    {
        try
        {
            // IPv6: no duplicate address detection, or the address is unusable for a second and clients fail.
            var flags = address.Address.AddressFamily == AddressFamily.InterNetworkV6 ? AddressFlags.NoDad : AddressFlags.None;
            _node.Netlink.AddAddress(VipInterfaceIndex, address.Address, address.PrefixLength, AddressScope.Universe, flags);
        }
        catch (SystemCallException e) when (e.Errno == Errno.EEXIST)
        {
            // Already there (a previous run, or an operator): what we wanted.
        }
    }

    private static readonly IReadOnlyList<IPAddress> GroupV4 = [VrrpProtocol.MulticastGroupV4];
    private static readonly IReadOnlyList<IPAddress> GroupV6 = [VrrpProtocol.MulticastGroupV6];

    private void Send(Advertisement advertisement)
    {
        var router = Router!;
        var mode = Options.V3ChecksumAsV2 ? ChecksumMode.V3AsV2 : ChecksumMode.Standard;
        var source = router.Options.PrimaryAddress;
        if (_virtualMac is { Ipv6: true } ipv6Mac && !Options.IsUnicast)
        {
            SendVirtualMacV6(ipv6Mac, advertisement, source, mode);
            return;
        }

        // IPv6 unicast leaves through the parent with its own MAC: a unicast frame needs the peer's neighbour entry,
        // which only the kernel's route through the parent resolves (unicast is outside RFC 9568 anyway).
        var socket = _virtualMac is { Ipv6: false } ipv4Mac ? ipv4Mac.Socket : _endpoint!.Socket;
        var destinations = Options.IsUnicast
            ? Options.UnicastPeers
            : Options.Family == AddressFamily.InterNetworkV6 ? GroupV6 : GroupV4;
        // An index loop over lists built once: this runs with every advertisement and must not allocate.
        for (var i = 0; i < destinations.Count; i++)
        {
            var destination = destinations[i];
            var length = AdvertisementWriter.Write(advertisement, source, destination, mode, _sendBuffer);
            try
            {
                socket.Send(_sendBuffer.AsSpan(0, length), source, destination);
            }
            catch (SystemCallException e)
            {
                // A link going down fails sends (ENETDOWN, ENOBUFS) until the link event arrives: count, log sparingly.
                SendErrors++;
                var now = EventLoop.Now;
                if (_lastSendErrorLog is not { } last || now - last > TimeSpan.FromSeconds(10))
                {
                    _lastSendErrorLog = now;
                    _log.Warning("{Instance}: advertisement to {Destination} not sent: {Error} ({Count} so far)", Name, destination, e.Message, SendErrors);
                }
            }
        }
    }

    /// <summary>
    /// IPv6 with the virtual MAC: the advertisement must leave with the virtual MAC as its Ethernet source (RFC 9568
    /// 7.2) and the parent's link-local address as its IP source (the tie-breaker, and the same on both boxes would
    /// not break ties); the kernel accepts no such source on the macvlan, so the frame is built whole.
    /// </summary>
    private void SendVirtualMacV6(VirtualMacLink link, Advertisement advertisement, IPAddress source, ChecksumMode mode)
    {
        var group = VrrpProtocol.MulticastGroupV6;
        var length = AdvertisementWriter.Write(advertisement, source, group, mode, _sendBuffer);
        try
        {
            link.SendIPv6Frame(_sendBuffer.AsSpan(0, length), source, group);
        }
        catch (SystemCallException e)
        {
            SendErrors++;
            _log.Warning("{Instance}: advertisement not sent: {Error}", Name, e.Message);
        }
    }

    private void OnStateChanged(RouterAction.StateChanged changed)
    {
        _lastTransition = (changed.From.ToString().ToLowerInvariant(), changed.To.ToString().ToLowerInvariant());
        _log.Information("{Instance} {From} -> {To}: {Reason}", Name, _lastTransition.Value.From, _lastTransition.Value.To, changed.Reason);
        _node.OnTransition(this, changed);
    }

    private IPAddress? ChoosePrimaryAddress(LinkInfo link)
    {
        if (Options.UnicastSource is { } configured)
        {
            return configured;
        }

        var vips = Options.VirtualIps.Select(v => v.Address).ToArray();

        // RFC 9568 5.1.2.1: over IPv6 the source is the link-local address; unicast peers need a routable one.
        var linkLocal = Options.Family == AddressFamily.InterNetworkV6 && !Options.IsUnicast;
        return _node.Interfaces.PrimaryAddress(link.Index, Options.Family, linkLocal, vips)
            ?? _node.Config.FindInterface(Options.Interface)?.Addresses
                .FirstOrDefault(a => a.Family == Options.Family && !vips.Contains(a.Address) && !linkLocal)?.Address;
    }

    private bool Wait(string problem)
    {
        if (Problem != problem)
        {
            Problem = problem;
            _log.Warning("{Instance} waits: {Problem}", Name, problem);
        }

        return false;
    }

    /// <summary>Leaves the interface: the endpoint and virtual MAC go; the router is gone after this.</summary>
    public void Dispose()
    {
        _timer.Set(null);
        if (_endpoint is not null)
        {
            _endpoint.Remove(Options.Vrid);
            _node.ReleaseEndpoint(_endpoint);
        }

        _announcer?.Dispose();
        _virtualMac?.Dispose();
        Router = null;
    }
}
