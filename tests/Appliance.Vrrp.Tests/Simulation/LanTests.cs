using Appliance.Vrrp.Router;
using CsCheck;

namespace Appliance.Vrrp.Tests.Simulation;

/// <summary>Several routers on one simulated LAN: elections, failover, split brain, planned handover.</summary>
public sealed class LanTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void Two_routers_elect_the_higher_priority_within_master_down_interval()
    {
        var lan = new SimulatedLan();
        var low = lan.Add(100);
        var high = lan.Add(200);
        lan.StartAll();

        // Nobody is heard at first: the best backup's timer runs out first (3 s + skew of 200 = 3.21875 s).
        lan.RunFor(TimeSpan.FromMilliseconds(3218));
        Assert.Empty(lan.Masters);
        lan.RunFor(TimeSpan.FromMilliseconds(2));
        Assert.Equal([high], lan.Masters);
        lan.RunFor(10 * Second);

        Assert.Equal([high], lan.Masters);
        Assert.Equal([high], lan.Holders);
        Assert.Equal(VirtualRouterState.Backup, low.Router.State);
    }

    [Fact]
    public void The_backup_takes_over_master_down_interval_after_the_last_advertisement_of_a_crashed_master()
    {
        var lan = new SimulatedLan();
        var master = lan.Add(200, intervalMs: 100);
        var backup = lan.Add(100, intervalMs: 100);
        lan.StartAll();
        lan.RunFor(5 * Second);

        lan.Crash(master);
        var deadline = backup.Router.Timers.MasterDown!.Value;
        lan.RunUntil(deadline - TimeSpan.FromTicks(1));
        Assert.Equal(VirtualRouterState.Backup, backup.Router.State);
        lan.RunUntil(deadline);

        // Master_Down_Interval at 100 ms and priority 100 is 300 + 60.9375 ms, counted from the last advertisement.
        Assert.Equal([backup], lan.Masters);
        Assert.Equal(TimeSpan.FromMilliseconds(360.9375), backup.Router.MasterDownInterval);
        Assert.True(deadline - lan.Now <= backup.Router.MasterDownInterval);
    }

    [Fact]
    public void Equal_priorities_elect_the_higher_primary_address()
    {
        var lan = new SimulatedLan();
        var a = lan.Add(100);
        var b = lan.Add(100);
        lan.StartAll();

        lan.RunFor(20 * Second);

        Assert.True(SimulatedLanAddress.Greater(b, a));
        Assert.Equal([b], lan.Masters);
    }

    [Fact]
    public void A_split_brain_heals_to_one_master_and_one_address_holder()
    {
        var lan = new SimulatedLan();
        var a = lan.Add(200);
        var b = lan.Add(100);
        lan.StartAll();
        lan.RunFor(10 * Second);

        lan.Partition(b);
        lan.RunFor(10 * Second);
        Assert.Equal(2, lan.Masters.Count());
        lan.Heal();
        lan.RunFor(TimeSpan.FromMilliseconds(1100));

        Assert.Equal([a], lan.Masters);
        Assert.Equal([a], lan.Holders);
    }

    [Fact]
    public void After_a_resignation_the_best_of_several_backups_takes_over_first()
    {
        var lan = new SimulatedLan();
        var master = lan.Add(250);
        var good = lan.Add(200);
        var poor = lan.Add(50);
        lan.StartAll();
        lan.RunFor(10 * Second);

        lan.Apply(master, new RouterEvent.Shutdown(Handover: false));
        lan.RunFor(Second);

        Assert.Equal([good], lan.Masters);
        Assert.Equal(VirtualRouterState.Backup, poor.Router.State);
    }

    [Fact]
    public void A_planned_handover_never_leaves_the_address_unheld()
    {
        var lan = new SimulatedLan();
        var master = lan.Add(200);
        var backup = lan.Add(100);
        lan.StartAll();
        lan.RunFor(10 * Second);

        lan.Apply(master, new RouterEvent.Shutdown(Handover: true));
        for (var t = 0; t < 3000; t++)
        {
            Assert.NotEmpty(lan.Holders);
            lan.RunFor(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal([backup], lan.Holders);
        Assert.Equal(VirtualRouterState.Initialize, master.Router.State);
    }

    [Fact]
    public void A_returning_master_preempts_and_both_hold_the_address_only_briefly()
    {
        var lan = new SimulatedLan();
        var master = lan.Add(200);
        var backup = lan.Add(100);
        lan.StartAll();
        lan.RunFor(10 * Second);
        lan.SetLink(master, false);
        lan.RunFor(10 * Second);
        Assert.Equal([backup], lan.Masters);

        lan.SetLink(master, true);
        var overlap = TimeSpan.Zero;
        for (var t = 0; t < 6000; t++)
        {
            overlap += lan.Holders.Count() > 1 ? TimeSpan.FromMilliseconds(1) : TimeSpan.Zero;
            Assert.NotEmpty(lan.Holders);
            lan.RunFor(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal([master], lan.Masters);
        Assert.True(overlap <= TimeSpan.FromMilliseconds(2), $"both held the address for {overlap}");
    }

    [Fact]
    public void Heavy_loss_makes_no_flapping_master_once_it_stops()
    {
        var lan = new SimulatedLan(seed: 7) { LossRate = 0.6 };
        lan.Add(200, intervalMs: 100);
        lan.Add(150, intervalMs: 100);
        lan.Add(100, intervalMs: 100);
        lan.StartAll();
        lan.RunFor(30 * Second);

        lan.LossRate = 0;
        lan.RunFor(2 * Second);

        Assert.Single(lan.Masters);
        Assert.Single(lan.Holders);
        Assert.Equal(200, lan.Masters.Single().Router.EffectivePriority);
    }

    /// <summary>
    /// Random disturbances, then a quiet period with every node up and connected: exactly one master and one
    /// address holder, and throughout, addresses only on a master (checked at every step by the LAN) and no
    /// exception.
    /// </summary>
    [Fact]
    public void Random_event_sequences_settle_to_exactly_one_master_and_never_misplace_addresses()
    {
        var genOp = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 10], Gen.Int[1, 3000]);
        var genCase = Gen.Select(
            Gen.Int[2, 3],
            Gen.Select(Gen.Int[1, 254], Gen.Bool, Gen.Int[0, 2]).Array[3],
            Gen.OneOf(Gen.Const(10), Gen.Const(100), Gen.Const(1000)),
            genOp.Array[1, 30],
            Gen.Int[0, 1000]);

        genCase.Sample((count, routers, intervalMs, operations, seed) =>
        {
            var lan = new SimulatedLan(seed) { LossRate = seed % 3 == 0 ? 0.2 : 0 };
            for (var i = 0; i < count; i++)
            {
                var (priority, preempt, delay) = routers[i];
                lan.Add((byte)priority, intervalMs, preempt, preemptDelay: TimeSpan.FromSeconds(delay));
            }

            lan.StartAll();
            foreach (var (target, op, afterMs) in operations)
            {
                lan.RunFor(TimeSpan.FromMilliseconds(afterMs));
                Disturb(lan, lan.Nodes[target % count], op);
            }

            // Calm: everybody back, connected, running, no loss, healthy.
            lan.LossRate = 0;
            lan.Heal();
            foreach (var node in lan.Nodes)
            {
                // A crashed process is restarted; a router that was shut down is started again, as an operator would.
                lan.Start(node);
                lan.SetLink(node, true);
                lan.Apply(node, new RouterEvent.TrackedObjectChanged("nginx", true));
                lan.Apply(node, new RouterEvent.TrackedObjectChanged("uplink", true));
            }

            lan.RunFor(TimeSpan.FromSeconds(30));

            Assert.True(lan.Masters.Count() == 1, $"masters: {string.Join(',', lan.Masters.Select(m => m.Name))}\n{string.Join('\n', lan.Timeline.TakeLast(30))}");
            Assert.Equal(lan.Masters, lan.Holders);
        }, iter: 300);
    }

    private static void Disturb(SimulatedLan lan, SimulatedLan.Node node, int op)
    {
        switch (op)
        {
            case 0: lan.SetLink(node, false); break;
            case 1: lan.SetLink(node, true); break;
            case 2: lan.Partition(node); break;
            case 3: lan.Heal(); break;
            case 4: lan.Apply(node, new RouterEvent.TrackedObjectChanged("nginx", false)); break;
            case 5: lan.Apply(node, new RouterEvent.TrackedObjectChanged("nginx", true)); break;
            case 6: lan.Apply(node, new RouterEvent.TrackedObjectChanged("uplink", false)); break;
            case 7: lan.Crash(node); break;
            case 8: lan.Start(node); break;
            case 9: lan.Apply(node, new RouterEvent.Shutdown(Handover: true)); break;
            case 10: lan.Apply(node, new RouterEvent.Resign(TimeSpan.FromSeconds(5))); break;
        }
    }
}

internal static class SimulatedLanAddress
{
    public static bool Greater(SimulatedLan.Node a, SimulatedLan.Node b) => VirtualRouter.CompareAddresses(a.Address, b.Address) > 0;
}
