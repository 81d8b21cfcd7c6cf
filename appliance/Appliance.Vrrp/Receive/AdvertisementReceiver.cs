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
        }
    }

    public void Remove(byte vrid)
    {
        if (_routers.Remove(vrid, out var entry))
        {
            _dropsByRouter.Remove(vrid);
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

        if (!AdvertisementReader.TryRead(message, metadata, policy.ChecksumMode, out var advertisement, out var error))
        {
            return Drop(counters, error);
        }

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

        router.Handle(now, new RouterEvent.AdvertisementReceived(advertisement, metadata.Source));
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

    private static bool SameAddresses(IReadOnlyList<IPAddress> advertised, IReadOnlyList<VirtualAddress> configured) =>
        advertised.Count == configured.Count && configured.All(c => advertised.Contains(c.Address));

    private static ReceiveOutcome Drop(DropCounters counters, in DecodeError error)
    {
        counters.Count(error);
        return new ReceiveOutcome(null, null, error);
    }
}

/// <summary>Where a packet went: to <see cref="Router"/>, or dropped with <see cref="Dropped"/>.</summary>
public readonly record struct ReceiveOutcome(VirtualRouter? Router, Advertisement? Advertisement, DecodeError? Dropped);
