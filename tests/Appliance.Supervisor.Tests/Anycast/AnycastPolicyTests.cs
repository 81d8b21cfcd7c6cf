using Appliance.Supervisor.Anycast;
using CsCheck;

namespace Appliance.Supervisor.Tests.Anycast;

/// <summary>When BIRD announces an anycast group, on a virtual clock.</summary>
public sealed class AnycastPolicyTests
{
    private static readonly TimeSpan Start = TimeSpan.FromSeconds(50);
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    private static AnycastPolicy Policy() => new(Start, [("web", "nginx"), ("api", "backend")]);

    private static List<AnycastAction> Drain(AnycastPolicy policy)
    {
        var actions = new List<AnycastAction>();
        while (policy.TryDequeueAction(out var action))
        {
            actions.Add(action);
        }

        return actions;
    }

    /// <summary>BIRD up and both tracked objects up: both groups announced.</summary>
    private static AnycastPolicy Running()
    {
        var policy = Policy();
        policy.Handle(Start, new AnycastEvent.BirdChanged(true, "control socket answers"));
        policy.Handle(Start, new AnycastEvent.TrackedChanged("nginx", true));
        policy.Handle(Start, new AnycastEvent.TrackedChanged("backend", true));
        Drain(policy);
        return policy;
    }

    [Fact]
    public void Nothing_is_announced_before_BIRD_answers_and_the_tracked_object_is_up()
    {
        var policy = Policy();
        policy.Handle(Start, new AnycastEvent.TrackedChanged("nginx", true));
        Assert.Empty(Drain(policy));
        Assert.StartsWith("BIRD is down: BIRD not started yet", policy.Find("web")!.Reason, StringComparison.Ordinal);
        policy.Handle(Start + Ms, new AnycastEvent.BirdChanged(true, "control socket answers"));
        Assert.Equal([new AnycastAction.Announce("web", "nginx is up")], Drain(policy));
        Assert.Equal(("backend is down", false), (policy.Find("api")!.Reason, policy.Find("api")!.Announced));
        Assert.Null(policy.NextDeadline);
    }

    [Fact]
    public void A_tracked_object_going_down_withdraws_only_its_groups_at_that_moment_and_up_announces_again()
    {
        var policy = Running();
        var crash = Start + TimeSpan.FromSeconds(3);
        policy.Handle(crash, new AnycastEvent.TrackedChanged("nginx", false));
        Assert.Equal([new AnycastAction.Withdraw("web", "nginx is down")], Drain(policy));
        Assert.Equal((crash, 2L), (policy.Find("web")!.Since, policy.Find("web")!.Transitions));
        Assert.True(policy.Find("api")!.Announced);
        policy.Handle(crash + (80 * Ms), new AnycastEvent.TrackedChanged("nginx", true));
        Assert.Equal([new AnycastAction.Announce("web", "nginx is up")], Drain(policy));
    }

    [Fact]
    public void A_repeated_state_changes_nothing()
    {
        var policy = Running();
        policy.Handle(Start + Ms, new AnycastEvent.TrackedChanged("nginx", true));
        policy.Handle(Start + Ms, new AnycastEvent.Undrain("web"));
        Assert.Empty(Drain(policy));
    }

    [Fact]
    public void BIRD_going_down_withdraws_everything_and_its_return_announces_the_healthy_groups_again()
    {
        var policy = Running();
        policy.Handle(Start + Ms, new AnycastEvent.TrackedChanged("backend", false));
        Drain(policy);
        policy.Handle(Start + (2 * Ms), new AnycastEvent.BirdChanged(false, "bird exited (signal 9)"));
        Assert.Equal([new AnycastAction.Withdraw("web", "BIRD is down: bird exited (signal 9)")], Drain(policy));
        Assert.Equal("BIRD is down: bird exited (signal 9)", policy.Find("api")!.Reason);
        policy.Handle(Start + (300 * Ms), new AnycastEvent.BirdChanged(true, "control socket answers"));
        Assert.Equal([new AnycastAction.Announce("web", "nginx is up")], Drain(policy));
    }

    [Fact]
    public void A_new_BIRD_is_told_again_what_it_announces_even_if_it_was_never_seen_down()
    {
        // The control connection came back (BIRD restarted between two looks): its groups start disabled.
        var policy = Running();
        policy.Handle(Start + Ms, new AnycastEvent.BirdChanged(true, "control socket answers"));
        Assert.Equal([new AnycastAction.Announce("web", "nginx is up"), new AnycastAction.Announce("api", "backend is up")], Drain(policy));
        Assert.Equal(1L, policy.Find("web")!.Transitions);
    }

    [Fact]
    public void A_drained_group_stays_withdrawn_whatever_its_health_until_undrained()
    {
        var policy = Running();
        policy.Handle(Start + Ms, new AnycastEvent.Drain("WEB"));
        Assert.Equal([new AnycastAction.Withdraw("web", "drained by the operator")], Drain(policy));
        policy.Handle(Start + (2 * Ms), new AnycastEvent.TrackedChanged("nginx", false));
        policy.Handle(Start + (3 * Ms), new AnycastEvent.TrackedChanged("nginx", true));
        Assert.Empty(Drain(policy));
        policy.Handle(Start + (4 * Ms), new AnycastEvent.Undrain("web"));
        Assert.Equal([new AnycastAction.Announce("web", "nginx is up")], Drain(policy));
        policy.Handle(Start + (5 * Ms), new AnycastEvent.Drain("nosuch"));
        Assert.Empty(Drain(policy));
    }

    [Fact]
    public void Shutdown_withdraws_first_and_stops_BIRD_only_after_the_drain_time()
    {
        var policy = Running();
        var at = Start + TimeSpan.FromSeconds(10);
        policy.Handle(at, new AnycastEvent.Shutdown(TimeSpan.FromSeconds(1)));
        Assert.Equal(
            [new AnycastAction.Withdraw("web", "the supervisor is shutting down"), new AnycastAction.Withdraw("api", "the supervisor is shutting down")],
            Drain(policy));
        Assert.Equal(at + TimeSpan.FromSeconds(1), policy.NextDeadline);
        policy.Handle(at + (999 * Ms), new AnycastEvent.Timer());
        policy.Handle(at + (999 * Ms), new AnycastEvent.TrackedChanged("nginx", true));
        policy.Handle(at + (999 * Ms), new AnycastEvent.Undrain("web"));
        Assert.Empty(Drain(policy));
        policy.Handle(at + TimeSpan.FromSeconds(1), new AnycastEvent.Timer());
        Assert.Equal([new AnycastAction.StopBird()], Drain(policy));
        Assert.True(policy.Stopped);
        Assert.Null(policy.NextDeadline);
    }

    [Fact]
    public void Shutdown_with_nothing_announced_stops_BIRD_at_once()
    {
        var policy = Policy();
        policy.Handle(Start, new AnycastEvent.Shutdown(TimeSpan.FromSeconds(1)));
        Assert.Equal([new AnycastAction.StopBird()], Drain(policy));
    }

    [Fact]
    public void Announced_is_always_exactly_bird_up_and_tracked_up_and_not_drained()
    {
        // Any sequence of inputs: the group's announced state is the conjunction, and the actions told BIRD that.
        var inputs = Gen.OneOf<AnycastEvent>(
            Gen.Bool.Select(up => (AnycastEvent)new AnycastEvent.TrackedChanged("nginx", up)),
            Gen.Bool.Select(up => (AnycastEvent)new AnycastEvent.BirdChanged(up, "test")),
            Gen.Const<AnycastEvent>(new AnycastEvent.Drain("web")),
            Gen.Const<AnycastEvent>(new AnycastEvent.Undrain("web")));
        inputs.Array[1, 40].Sample(events =>
        {
            var policy = new AnycastPolicy(Start, [("web", "nginx")]);
            bool bird = false, tracked = false, drained = false, told = false;
            var now = Start;
            foreach (var input in events)
            {
                now += Ms;
                policy.Handle(now, input);
                (bird, tracked, drained) = input switch
                {
                    AnycastEvent.TrackedChanged t => (bird, t.Up, drained),
                    AnycastEvent.BirdChanged b => (b.Up, tracked, drained),
                    AnycastEvent.Drain => (bird, tracked, true),
                    _ => (bird, tracked, false),
                };
                foreach (var action in Drain(policy))
                {
                    told = action is AnycastAction.Announce;
                }

                var expected = bird && tracked && !drained;
                Assert.Equal(expected, policy.Groups[0].Announced);
                Assert.Equal(expected, told);
            }
        });
    }
}
