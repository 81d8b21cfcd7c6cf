using System.Net;
using System.Net.Sockets;
using Appliance.Vrrp.Router;
using Appliance.Vrrp.Wire;

namespace Appliance.Vrrp.Receive;

/// <summary>
/// The receive path of one interface and address family: decodes each packet, applies the checks of RFC 9568 7.1
/// and RFC 3768 7.1 that depend on our configuration, counts every drop by reason, and hands the rest to the
/// virtual router of the VRID. Pure: the edge passes in bytes, metadata and the time.
/// </summary>
public sealed class AdvertisementReceiver
{
    private readonly Dictionary<byte, (VirtualRouter Router, ReceivePolicy Policy)> _routers = [];
    private readonly HashSet<IPAddress> _ownAddresses = [];

    public AdvertisementReceiver(AddressFamily family)
    {
        Family = family;
    }

    public AddressFamily Family { get; }

    /// <summary>Drops that could not be attributed to one of our virtual routers.</summary>
    public DropCounters UnattributedDrops { get; } = new();

    /// <summary>Drops per VRID, for the instance's status.</summary>
    public IReadOnlyDictionary<byte, DropCounters> DropsByRouter => _dropsByRouter;

    private readonly Dictionary<byte, DropCounters> _dropsByRouter = [];
    private readonly Dictionary<byte, DecodedPacket> _lastAccepted = [];

    public IEnumerable<VirtualRouter> Routers => _routers.Values.Select(r => r.Router);

    public void Add(VirtualRouter router, ReceivePolicy policy)
    {
        if (router.Options.Family != Family)
        {
            throw new ArgumentException($"vrrp instance {router.Name} is not {Family}");
        }

        if (!_routers.TryAdd(router.VirtualRouterId, (router, policy)))
        {
            throw new ArgumentException($"VRID {router.VirtualRouterId} is already in use on this interface");
        }

        _dropsByRouter[router.VirtualRouterId] = new DropCounters();
        _ownAddresses.Add(router.Options.PrimaryAddress);
    }

    /// <summary>New peers or checksum mode for a registered router; its counters stay.</summary>
    public void UpdatePolicy(byte vrid, ReceivePolicy policy)
    {
        if (_routers.TryGetValue(vrid, out var entry))
        {
            _routers[vrid] = (entry.Router, policy);
            _lastAccepted.Remove(vrid);
        }
    }

    public void Remove(byte vrid)
    {
        if (_routers.Remove(vrid, out var entry))
        {
            _dropsByRouter.Remove(vrid);
            _lastAccepted.Remove(vrid);
            _ownAddresses.Remove(entry.Router.Options.PrimaryAddress);
        }
    }

    /// <summary>Addresses of this box on the interface: a packet from one of them is our own, looped back.</summary>
    public void SetOwnAddresses(IEnumerable<IPAddress> addresses)
    {
        _ownAddresses.Clear();
        _ownAddresses.UnionWith(addresses);
        foreach (var (router, _) in _routers.Values)
        {
            _ownAddresses.Add(router.Options.PrimaryAddress);
        }
    }

    public ReceiveOutcome Receive(TimeSpan now, ReadOnlySpan<byte> message, in PacketMetadata metadata)
    {
        // Peek at the VRID so that even an invalid packet is counted against the instance it claims to be for.
        var found = _routers.TryGetValue(message.Length > 1 ? message[1] : (byte)0, out var target);
        var router = found ? target.Router : null;
        var policy = found ? target.Policy : ReceivePolicy.Multicast;
        var counters = router is null ? UnattributedDrops : _dropsByRouter[router.VirtualRouterId];

        if (metadata.Source.AddressFamily != Family)
        {
            return Drop(counters, new DecodeError(DropReason.FamilyMismatch,
                $"{metadata.Source.AddressFamily} packet on the {Family} receive path"));
        }

        // A master repeats the same bytes from the same source every interval: the decode of the last packet that
        // decoded is reused when the packet is identical (the decode depends on nothing else), so the steady path
        // allocates nothing. Every configuration check below still runs.
        var last = router is null ? null : _lastAccepted.GetValueOrDefault(router.VirtualRouterId);
        RouterEvent.AdvertisementReceived received;
        if (last is not null && last.Matches(message, metadata, policy.ChecksumMode))
        {
            received = last.Event;
        }
        else
        {
            if (!AdvertisementReader.TryRead(message, metadata, policy.ChecksumMode, out var decoded, out var error))
            {
                return Drop(counters, error);
            }

            received = new RouterEvent.AdvertisementReceived(decoded, metadata.Source);
            if (router is not null)
            {
                _lastAccepted[router.VirtualRouterId] = new DecodedPacket(message, metadata, policy.ChecksumMode, received);
            }
        }

        var advertisement = received.Advertisement;

        if (_ownAddresses.Contains(metadata.Source))
        {
            return Drop(counters, new DecodeError(DropReason.OwnAdvertisement, $"our own advertisement from {metadata.Source}"));
        }

        if (router is null)
        {
            return Drop(counters, new DecodeError(DropReason.UnknownVirtualRouter,
                $"VRID {advertisement.VirtualRouterId} is not configured on this interface"));
        }

        if (Check(router, policy, advertisement, metadata.Source) is { } refusal)
        {
            return Drop(counters, refusal);
        }

        router.Handle(now, received);
        return new ReceiveOutcome(router, advertisement, null);
    }

    private static DecodeError? Check(VirtualRouter router, ReceivePolicy policy, Advertisement advertisement, IPAddress source)
    {
        var options = router.Options;
        if (advertisement.Version != options.Version)
        {
            return new DecodeError(DropReason.VersionMismatch,
                $"VRRPv{(int)advertisement.Version} advertisement for VRID {options.VirtualRouterId}, which runs VRRPv{(int)options.Version}");
        }

        if (policy.UnicastPeers.Count > 0 && !policy.UnicastPeers.Contains(source))
        {
            return new DecodeError(DropReason.NotUnicastPeer, $"{source} is not a unicast peer of {options.Name}");
        }

        // RFC 9568 7.1: "MUST verify ... the local router is not the IPvX address owner (Priority = 255)".
        if (options.IsOwner)
        {
            return new DecodeError(DropReason.LocalOwner,
                $"{options.Name} owns its addresses (priority 255); advertisement from {source} with priority {advertisement.Priority} ignored");
        }

        // RFC 3768 7.1: "MUST verify that the Adver Interval in the packet is the same as the locally configured".
        if (options.Version == VrrpVersion.V2 && advertisement.Interval != options.AdvertisementInterval)
        {
            return new DecodeError(DropReason.IntervalMismatch,
                $"advertisement interval {advertisement.Interval.TotalSeconds:0}s from {source} differs from ours ({options.AdvertisementInterval.TotalSeconds:0}s)");
        }

        // RFC 3768 7.1: a mismatching address list is dropped unless it comes from the owner. RFC 9568 7.1 only
        // asks to log it; the counter does that, and the packet is used.
        if (!SameAddresses(advertisement.Addresses, options.VirtualAddresses))
        {
            var mismatch = new DecodeError(DropReason.AddressListMismatch,
                $"{source} advertises {string.Join(',', advertisement.Addresses)}, we have {string.Join(',', options.VirtualAddresses.Select(a => a.Address))}");
            if (options.Version == VrrpVersion.V2 && advertisement.Priority != VrrpProtocol.OwnerPriority)
            {
                return mismatch;
            }

            router.Counters.AddressListMismatches++;
            router.Counters.LastAddressListMismatch = mismatch.Message;
        }

        return null;
    }

    private static bool SameAddresses(IReadOnlyList<IPAddress> advertised, IReadOnlyList<VirtualAddress> configured)
    {
        if (advertised.Count != configured.Count)
        {
            return false;
        }

        // Loops, not LINQ: this runs for every accepted advertisement, and a lambda over `advertised` allocates.
        for (var i = 0; i < configured.Count; i++)
        {
            var found = false;
            for (var j = 0; j < advertised.Count && !found; j++)
            {
                found = advertised[j].Equals(configured[i].Address);
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The bytes and IP facts of the last packet that decoded for a VRID, and what it decoded to.</summary>
    private sealed class DecodedPacket
    {
        private readonly byte[] _message;
        private readonly PacketMetadata _metadata;
        private readonly ChecksumMode _mode;

        public DecodedPacket(ReadOnlySpan<byte> message, in PacketMetadata metadata, ChecksumMode mode, RouterEvent.AdvertisementReceived received)
        {
            _message = message.ToArray();
            _metadata = metadata;
            _mode = mode;
            Event = received;
        }

        public RouterEvent.AdvertisementReceived Event { get; }

        public bool Matches(ReadOnlySpan<byte> message, in PacketMetadata metadata, ChecksumMode mode) =>
            mode == _mode
            && metadata.HopLimit == _metadata.HopLimit
            && metadata.Source.Equals(_metadata.Source)
            && metadata.Destination.Equals(_metadata.Destination)
            && message.SequenceEqual(_message);
    }

    private static ReceiveOutcome Drop(DropCounters counters, in DecodeError error)
    {
        counters.Count(error);
        return new ReceiveOutcome(null, null, error);
    }
}

/// <summary>Where a packet went: to <see cref="Router"/>, or dropped with <see cref="Dropped"/>.</summary>
public readonly record struct ReceiveOutcome(VirtualRouter? Router, Advertisement? Advertisement, DecodeError? Dropped);
