using System.Net;
using Appliance.Vrrp.Router;
using Appliance.Vrrp.Wire;

namespace Appliance.Vrrp.Tests.Router;

/// <summary>One virtual router on a fake clock: events in, the actions they caused out.</summary>
internal sealed class RouterHarness
{
    public static readonly IPAddress Primary = IPAddress.Parse("192.0.2.11");
    public static readonly IPAddress Peer = IPAddress.Parse("192.0.2.12");
    public static readonly IPAddress LowerPeer = IPAddress.Parse("192.0.2.2");
    public static readonly VirtualAddress Vip = new(IPAddress.Parse("192.0.2.10"), 24);

    public RouterHarness(VirtualRouterOptions options)
    {
        Router = new VirtualRouter(options);
    }

    public VirtualRouter Router { get; }

    public TimeSpan Now { get; private set; }

    public VirtualRouterState State => Router.State;

    public static VirtualRouterOptions Options(byte priority = 100, int intervalMs = 1000, VrrpVersion version = VrrpVersion.V3) => new()
    {
        Name = "web",
        VirtualRouterId = 51,
        Priority = priority,
        Version = version,
        AdvertisementInterval = TimeSpan.FromMilliseconds(intervalMs),
        PrimaryAddress = Primary,
        VirtualAddresses = [Vip],
    };

    public static RouterHarness Started(VirtualRouterOptions options)
    {
        var harness = new RouterHarness(options);
        harness.Do(RouterEvent.Start);
        return harness;
    }

    /// <summary>Started and then made master by letting the master down timer run out.</summary>
    public static RouterHarness Master(VirtualRouterOptions options)
    {
        var harness = Started(options);
        if (harness.State != VirtualRouterState.Master)
        {
            harness.AdvanceBy(harness.Router.MasterDownInterval);
        }

        Assert.Equal(VirtualRouterState.Master, harness.State);
        return harness;
    }

    public List<RouterAction> Do(RouterEvent input)
    {
        Router.Handle(Now, input);
        return Drain();
    }

    public List<RouterAction> Receive(byte priority, IPAddress? from = null, int intervalMs = 1000, VrrpVersion? version = null) =>
        Do(new RouterEvent.AdvertisementReceived(
            (version ?? Router.Options.Version) == VrrpVersion.V2
                ? Packets.V2(51, priority, intervalMs / 1000)
                : Packets.V3(51, priority, intervalMs),
            from ?? Peer));

    /// <summary>Moves the clock, delivering every timer that falls due on the way, in order.</summary>
    public List<RouterAction> AdvanceTo(TimeSpan until)
    {
        var actions = new List<RouterAction>();
        while (Router.NextDeadline is { } deadline && deadline <= until)
        {
            Now = deadline;
            Router.Handle(Now, RouterEvent.Timer);
            actions.AddRange(Drain());
        }

        Now = until;
        return actions;
    }

    public List<RouterAction> AdvanceBy(TimeSpan by) => AdvanceTo(Now + by);

    public List<RouterAction> Drain()
    {
        var actions = new List<RouterAction>();
        while (Router.TryDequeueAction(out var action))
        {
            actions.Add(action);
        }

        return actions;
    }
}

internal static class ActionAssertions
{
    public static IEnumerable<Advertisement> Sent(this IEnumerable<RouterAction> actions) =>
        actions.OfType<RouterAction.SendAdvertisement>().Select(a => a.Advertisement);

    public static IEnumerable<RouterAction.StateChanged> Transitions(this IEnumerable<RouterAction> actions) =>
        actions.OfType<RouterAction.StateChanged>();

    /// <summary>The kinds of actions in order, compactly: "state:Backup->Master, add, announce, send:150".</summary>
    public static string Describe(this IEnumerable<RouterAction> actions) => string.Join(", ", actions.Select(a => a switch
    {
        RouterAction.StateChanged s => $"state:{s.From}->{s.To}",
        RouterAction.AddVirtualAddresses => "add",
        RouterAction.RemoveVirtualAddresses => "remove",
        RouterAction.Announce => "announce",
        RouterAction.SendAdvertisement s => $"send:{s.Advertisement.Priority}",
        _ => a.ToString(),
    }));
}
