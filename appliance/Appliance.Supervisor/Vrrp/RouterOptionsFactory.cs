using System.Net;
using Appliance.Config;
using Appliance.Vrrp.Receive;
using Appliance.Vrrp.Router;
using Appliance.Vrrp.Wire;

namespace Appliance.Supervisor.Vrrp;

/// <summary>From the validated configuration of an instance to what the pure core needs.</summary>
internal static class RouterOptionsFactory
{
    public static VirtualRouterOptions Create(VrrpInstanceOptions options, IPAddress primary) => new()
    {
        Name = options.Name,
        VirtualRouterId = options.Vrid,
        Version = options.Version == 2 ? VrrpVersion.V2 : VrrpVersion.V3,
        Priority = options.Priority,
        AdvertisementInterval = options.AdvertInterval,
        Preempt = options.Preempt,
        PreemptDelay = options.PreemptDelay,
        AcceptMode = options.Accept,
        PrimaryAddress = primary,
        VirtualAddresses = options.VirtualIps.Select(v => new VirtualAddress(v.Address, v.PrefixLength)).ToArray(),
        AnnounceCount = options.AnnounceCount,
        AnnounceInterval = options.AnnounceInterval,
        AnnounceRefresh = options.GarpRefresh > TimeSpan.Zero ? options.GarpRefresh : null,
        Track = options.Track
            .Select(t => t.Action == TrackAction.Fault ? TrackedObject.FaultWhenDown(t.ObjectName) : TrackedObject.WeightWhenDown(t.ObjectName, t.Weight))
            .Concat(options.SyncGroup is { } group ? [TrackedObject.FaultWhenDown(SyncGroupPolicy.ObjectName(group))] : [])
            .ToArray(),
        ElectsWithGroup = options.SyncGroup is not null,
    };

    public static ReceivePolicy ReceivePolicy(VrrpInstanceOptions options) => new()
    {
        UnicastPeers = options.UnicastPeers,
        ChecksumMode = options.V3ChecksumAsV2 ? ChecksumMode.V3AsV2 : ChecksumMode.Standard,
    };
}
