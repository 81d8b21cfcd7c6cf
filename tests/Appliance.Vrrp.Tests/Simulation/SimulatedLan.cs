using System.Net;
using System.Net.Sockets;
using Appliance.Vrrp.Receive;
using Appliance.Vrrp.Router;
using Appliance.Vrrp.Wire;

namespace Appliance.Vrrp.Tests.Simulation;

/// <summary>
/// Virtual routers on one simulated LAN (quinn-proto's test Pair, for VRRP): a single virtual clock that jumps to
/// the next deadline or delivery, advertisements encoded, carried with latency and optional loss, and decoded by
/// each node's receiver. Packets cross only between nodes whose links are up and that sit in the same partition.
/// </summary>
internal sealed class SimulatedLan
{
    private readonly List<Node> _nodes = [];
    private readonly PriorityQueue<Delivery, (TimeSpan, long)> _inFlight = new();
    private readonly Random _random;
    private long _sequence;
    private int _steps;

    public SimulatedLan(int seed = 1)
    {
        _random = new Random(seed);
    }

    public static readonly VirtualAddress Vip = new(IPAddress.Parse("192.0.2.10"), 24);

    public TimeSpan Now { get; private set; }

    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(1);

    public double LossRate { get; set; }

    /// <summary>Caps the work of one run so that endless ping-pong fails the test instead of hanging it.</summary>
    public int MaxSteps { get; set; } = 2_000_000;

    public List<string> Timeline { get; } = [];

    public IReadOnlyList<Node> Nodes => _nodes;

    public Node Add(
        byte priority,
        int intervalMs = 1000,
        bool preempt = true,
        VrrpVersion version = VrrpVersion.V3,
        TimeSpan preemptDelay = default,
        Func<VirtualRouterOptions, VirtualRouterOptions>? configure = null)
    {
        var address = IPAddress.Parse($"192.0.2.{11 + _nodes.Count}");
        var options = new VirtualRouterOptions
        {
            Name = $"r{_nodes.Count}",
            VirtualRouterId = 51,
            Priority = priority,
            Version = version,
            AdvertisementInterval = TimeSpan.FromMilliseconds(intervalMs),
            Preempt = preempt,
            PreemptDelay = preemptDelay,
            PrimaryAddress = address,
            VirtualAddresses = [Vip],
            Track = [TrackedObject.FaultWhenDown("nginx"), TrackedObject.WeightWhenDown("uplink", -80)],
        };
        var node = new Node(_nodes.Count, address, configure?.Invoke(options) ?? options);
        _nodes.Add(node);
        return node;
    }

    public void Start(Node node)
    {
        node.Running = true;
        Apply(node, RouterEvent.Start);
    }

    public void StartAll()
    {
        foreach (var node in _nodes)
        {
            Start(node);
        }
    }

    /// <summary>The process dies: no shutdown, nothing more sent. Its addresses die with its interface state.</summary>
    public void Crash(Node node)
    {
        node.Running = false;
        node.Held.Clear();
        node.Replace();
        Timeline.Add($"{Now.TotalMilliseconds,9:0.###} {node.Name} crashed");
    }

    public void Apply(Node node, RouterEvent input)
    {
        if (!node.Running)
        {
            return;
        }

        node.Router.Handle(Now, input);
        Drain(node);
    }

    public void SetLink(Node node, bool up)
    {
        node.LinkUp = up;
        Apply(node, new RouterEvent.LinkChanged(up));
    }

    /// <summary>Separates the LAN silently (a switch between the boxes fails): nobody's carrier changes.</summary>
    public void Partition(params Node[] side)
    {
        foreach (var node in _nodes)
        {
            node.Partition = side.Contains(node) ? 1 : 0;
        }
    }

    public void Heal()
    {
        foreach (var node in _nodes)
        {
            node.Partition = 0;
        }
    }

    public void RunFor(TimeSpan duration) => RunUntil(Now + duration);

    public void RunUntil(TimeSpan end)
    {
        while (true)
        {
            var next = NextEvent();
            if (next is null || next > end)
            {
                Now = end;
                return;
            }

            Now = next.Value;
            if (++_steps > MaxSteps)
            {
                throw new InvalidOperationException($"more than {MaxSteps} steps: ping-pong? last events:\n{string.Join('\n', Timeline.TakeLast(20))}");
            }

            while (_inFlight.TryPeek(out _, out var due) && due.Item1 <= Now)
            {
                Deliver(_inFlight.Dequeue());
            }

            foreach (var node in _nodes)
            {
                if (node.Running && node.Router.NextDeadline <= Now)
                {
                    Apply(node, RouterEvent.Timer);
                }
            }
        }
    }

    public IEnumerable<Node> Masters => _nodes.Where(n => n.Running && n.Router.State == VirtualRouterState.Master);

    public IEnumerable<Node> Holders => _nodes.Where(n => n.Held.Count > 0);

    private TimeSpan? NextEvent()
    {
        TimeSpan? next = _inFlight.TryPeek(out _, out var due) ? due.Item1 : null;
        foreach (var node in _nodes)
        {
            if (node.Running && node.Router.NextDeadline is { } deadline && (next is null || deadline < next))
            {
                next = deadline;
            }
        }

        return next;
    }

    private void Drain(Node node)
    {
        while (node.Router.TryDequeueAction(out var action))
        {
            switch (action)
            {
                case RouterAction.SendAdvertisement send:
                    Broadcast(node, send.Advertisement);
                    break;
                case RouterAction.AddVirtualAddresses add:
                    node.Held.UnionWith(add.Addresses);
                    break;
                case RouterAction.RemoveVirtualAddresses remove:
                    node.Held.ExceptWith(remove.Addresses);
                    break;
                case RouterAction.Announce:
                    node.Announces++;
                    break;
                case RouterAction.StateChanged changed:
                    Timeline.Add($"{Now.TotalMilliseconds,9:0.###} {node.Name} {changed.From} -> {changed.To}: {changed.Reason}");
                    break;
            }
        }

        CheckInvariants(node);
    }

    /// <summary>Addresses only where the router says it holds them, and all of them on a master.</summary>
    private static void CheckInvariants(Node node)
    {
        var state = node.Router.State;
        if (node.Held.Count > 0 && state is not (VirtualRouterState.Master or VirtualRouterState.Releasing))
        {
            throw new InvalidOperationException($"{node.Name} holds addresses in {state}");
        }

        if (state == VirtualRouterState.Master && node.Held.Count != node.Router.Options.VirtualAddresses.Count)
        {
            throw new InvalidOperationException($"{node.Name} is master without its addresses");
        }
    }

    private void Broadcast(Node sender, Advertisement advertisement)
    {
        if (!sender.LinkUp)
        {
            return;
        }

        var buffer = new byte[AdvertisementWriter.MaxMessageLength];
        var length = AdvertisementWriter.Write(advertisement, sender.Address, VrrpProtocol.MulticastGroupV4, ChecksumMode.Standard, buffer);
        var message = buffer[..length];
        foreach (var node in _nodes)
        {
            if (node == sender || !node.LinkUp || node.Partition != sender.Partition || _random.NextDouble() < LossRate)
            {
                continue;
            }

            _inFlight.Enqueue(new Delivery(node, sender.Address, message), (Now + Latency, _sequence++));
        }
    }

    private void Deliver(Delivery delivery)
    {
        var node = delivery.To;
        if (!node.Running || !node.LinkUp)
        {
            return;
        }

        var outcome = node.Receiver.Receive(Now, delivery.Message, new PacketMetadata(delivery.From, VrrpProtocol.MulticastGroupV4, 255));
        if (outcome.Dropped is { } dropped)
        {
            throw new InvalidOperationException($"{node.Name} dropped a packet of ours: {dropped}");
        }

        Drain(node);
    }

    private sealed record Delivery(Node To, IPAddress From, byte[] Message);

    internal sealed class Node
    {
        public Node(int index, IPAddress address, VirtualRouterOptions options)
        {
            Name = options.Name;
            Address = address;
            Options = options;
            Replace();
        }

        public string Name { get; }

        public IPAddress Address { get; }

        public VirtualRouterOptions Options { get; }

        public VirtualRouter Router { get; private set; } = null!;

        public AdvertisementReceiver Receiver { get; private set; } = null!;

        public bool Running { get; set; }

        public bool LinkUp { get; set; } = true;

        public int Partition { get; set; }

        public HashSet<VirtualAddress> Held { get; } = [];

        public int Announces { get; set; }

        /// <summary>A fresh process: new router, new receiver, same configuration.</summary>
        public void Replace()
        {
            Router = new VirtualRouter(Options);
            Receiver = new AdvertisementReceiver(AddressFamily.InterNetwork);
            Receiver.Add(Router, ReceivePolicy.Multicast);
        }
    }
}
