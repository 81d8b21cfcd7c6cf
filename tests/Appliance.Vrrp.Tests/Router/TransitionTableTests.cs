using System.Net.Sockets;
using Appliance.Vrrp.Router;
using Appliance.Vrrp.Wire;
using static Appliance.Vrrp.Tests.Router.RouterHarness;

namespace Appliance.Vrrp.Tests.Router;

/// <summary>
/// The transition table: every (state, event) pair is listed once, and a pair that does nothing really changes
/// nothing: no state change, no action, no timer.
/// </summary>
public sealed class TransitionTableTests
{
    public static TheoryData<VirtualRouterState, VirtualRouter.EventKind> EveryPair()
    {
        var data = new TheoryData<VirtualRouterState, VirtualRouter.EventKind>();
        foreach (var state in Enum.GetValues<VirtualRouterState>())
        {
            foreach (var kind in Enum.GetValues<VirtualRouter.EventKind>())
            {
                data.Add(state, kind);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Every_pair_of_state_and_event_has_exactly_one_decision(VirtualRouterState state, VirtualRouter.EventKind kind)
    {
        var cell = Assert.Single(VirtualRouter.Transitions, t => t.State == state && t.Event == kind);

        Assert.False(string.IsNullOrWhiteSpace(cell.Decision));
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void A_pair_that_does_nothing_changes_nothing(VirtualRouterState state, VirtualRouter.EventKind kind)
    {
        var cell = VirtualRouter.Transitions.Single(t => t.State == state && t.Event == kind);
        if (!cell.Decision.StartsWith("nothing: ", StringComparison.Ordinal))
        {
            return;
        }

        var r = In(state);
        var timers = r.Router.Timers;

        var actions = r.Do(Sample(kind, r.Router));

        Assert.Equal(state, r.State);
        Assert.Empty(actions);
        Assert.Equal(timers, r.Router.Timers);
    }

    [Fact]
    public void Every_event_kind_names_its_record()
    {
        foreach (var kind in Enum.GetValues<VirtualRouter.EventKind>())
        {
            Assert.Equal(kind, VirtualRouter.KindOf(Sample(kind, In(VirtualRouterState.Backup).Router)));
        }
    }

    /// <summary>A router brought into <paramref name="state"/> the way a running one gets there.</summary>
    private static RouterHarness In(VirtualRouterState state)
    {
        switch (state)
        {
            case VirtualRouterState.Initialize:
                return new RouterHarness(Options());
            case VirtualRouterState.Backup:
                return Started(Options());
            case VirtualRouterState.Master:
                return Master(Options());
            case VirtualRouterState.Fault:
                var faulted = Started(Options());
                faulted.Do(new RouterEvent.LinkChanged(false));
                Assert.Equal(VirtualRouterState.Fault, faulted.State);
                return faulted;
            default:
                var releasing = Master(Options());
                releasing.Do(new RouterEvent.Resign(TimeSpan.FromSeconds(30)));
                Assert.Equal(VirtualRouterState.Releasing, releasing.State);
                return releasing;
        }
    }

    private static RouterEvent Sample(VirtualRouter.EventKind kind, VirtualRouter router) => kind switch
    {
        VirtualRouter.EventKind.Startup => RouterEvent.Start,
        VirtualRouter.EventKind.TimerExpired => RouterEvent.Timer,
        VirtualRouter.EventKind.AdvertisementReceived => new RouterEvent.AdvertisementReceived(
            new Advertisement { Version = VrrpVersion.V3, Family = AddressFamily.InterNetwork, VirtualRouterId = 51, Priority = 100, Interval = TimeSpan.FromSeconds(1), Addresses = [Vip.Address] }, Peer),
        VirtualRouter.EventKind.LinkChanged => new RouterEvent.LinkChanged(true),
        VirtualRouter.EventKind.TrackedObjectChanged => new RouterEvent.TrackedObjectChanged("nginx", true),
        VirtualRouter.EventKind.Reconfigured => new RouterEvent.Reconfigured(router.Options),
        VirtualRouter.EventKind.Shutdown => new RouterEvent.Shutdown(Handover: true),
        VirtualRouter.EventKind.Resign => new RouterEvent.Resign(TimeSpan.FromSeconds(30)),
        VirtualRouter.EventKind.GroupElected => new RouterEvent.GroupElected("elected"),
        _ => new RouterEvent.GroupYielded("yielded"),
    };
}
