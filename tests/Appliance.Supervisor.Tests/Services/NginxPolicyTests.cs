using Appliance.Config;
using Appliance.Supervisor.Health;
using Appliance.Supervisor.Services;

namespace Appliance.Supervisor.Tests.Services;

/// <summary>nginx's recovery on a virtual clock: restart-first and its grace, back-off, crash loops, health.</summary>
public sealed class NginxPolicyTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(500);
    private static readonly ProbeResult Answers = new(true, 200, null, null);
    private static readonly ProbeResult Refused = new(false, 0, "connection refused", null);

    private readonly NginxPolicy _policy;
    private TimeSpan _now = TimeSpan.FromSeconds(100);

    public NginxPolicyTests() : this(new NginxOptions())
    {
    }

    private NginxPolicyTests(NginxOptions options) => _policy = new NginxPolicy(options);

    private static NginxPolicyTests With(NginxOptions options) => new(options);

    /// <summary>Runs the policy's timers up to <paramref name="until"/>, answering every probe and every start as the edge would.</summary>
    private List<NginxAction> RunUntil(TimeSpan until, ProbeResult probe, bool startsSucceed = true)
    {
        var seen = new List<NginxAction>();
        while (_policy.NextDeadline is { } next && next <= until)
        {
            _now = next;
            _policy.Timer(_now);
            seen.AddRange(Drain(probe, startsSucceed));
        }

        _now = until;
        return seen;
    }

    private List<NginxAction> Drain(ProbeResult probe, bool startsSucceed = true)
    {
        var seen = new List<NginxAction>();
        while (_policy.TryDequeueAction(out var action))
        {
            seen.Add(action);
            switch (action)
            {
                case NginxAction.Start when startsSucceed:
                    _policy.Started(_now);
                    break;
                case NginxAction.Start:
                    _policy.StartFailed(_now, "no such file");
                    break;
                case NginxAction.Probe:
                    _policy.Probed(_now, probe, 42);
                    break;
            }
        }

        return seen;
    }

    private List<NginxAction> Crash(bool isMaster = true)
    {
        _policy.Exited(_now, "killed by SIGKILL", isMaster, Grace, null);
        return Drain(Answers);
    }

    private NginxPolicyTests Running()
    {
        _policy.Started(_now);
        RunUntil(_now + TimeSpan.FromMilliseconds(20), Answers);
        Assert.Equal((NginxState.Running, true), (_policy.State, _policy.Healthy));
        return this;
    }

    private static IEnumerable<NginxAction.Report> Reports(IEnumerable<NginxAction> actions) => actions.OfType<NginxAction.Report>();

    [Fact]
    public void A_started_nginx_is_probed_every_20_ms_until_it_answers_then_every_health_interval()
    {
        _policy.Started(_now);
        Assert.Equal(_now + NginxPolicy.StartingProbe, _policy.ProbeAt);

        var actions = RunUntil(_now + TimeSpan.FromMilliseconds(60), Refused);
        Assert.Equal(3, actions.OfType<NginxAction.Probe>().Count());
        Assert.Equal(NginxState.Starting, _policy.State);
        Assert.Empty(Reports(actions));

        actions = RunUntil(_now + TimeSpan.FromMilliseconds(20), Answers);
        Assert.Equal([new NginxAction.Report(true, "nginx answers")], Reports(actions));
        Assert.Equal(_now + new NginxOptions().HealthInterval, _policy.ProbeAt);
    }

    [Fact]
    public void The_steady_healthy_probe_asks_for_nothing()
    {
        Running();

        var actions = RunUntil(_now + TimeSpan.FromSeconds(30), Answers);

        Assert.All(actions, a => Assert.IsType<NginxAction.Probe>(a));
    }

    [Fact]
    public void Restart_first_on_a_master_restarts_at_once_and_keeps_nginx_up_when_it_answers_within_the_grace()
    {
        Running();

        var actions = Crash();

        Assert.Equal("restart-first recovery", Assert.Single(actions.OfType<NginxAction.Start>()).Why);
        Assert.Empty(Reports(actions));
        Assert.True(_policy.InGrace);
        Assert.Equal(_now + NginxPolicy.FastProbe, _policy.ProbeAt);

        actions = RunUntil(_now + TimeSpan.FromMilliseconds(30), Answers);
        Assert.Equal([new NginxAction.Report(true, "nginx answers")], Reports(actions));
        Assert.False(_policy.InGrace);
        Assert.Null(_policy.GraceUntil);
        Assert.Equal(1, _policy.Restarts);
    }

    [Fact]
    public void A_restarted_nginx_that_stays_silent_past_the_grace_is_reported_down()
    {
        Running();
        Crash();

        var actions = RunUntil(_now + Grace, Refused);

        Assert.Equal([new NginxAction.Report(false, "restarted nginx did not answer within the recovery grace")], Reports(actions));
        Assert.False(_policy.InGrace);
    }

    [Fact]
    public void On_a_backup_or_with_resign_an_exit_is_reported_at_once_and_restarted_after_the_back_off()
    {
        foreach (var (test, isMaster) in new[] { (this.Running(), false), (With(new NginxOptions { Recovery = NginxRecovery.Resign }).Running(), true) })
        {
            var actions = test.Crash(isMaster);

            Assert.Equal([new NginxAction.Report(false, "nginx exited")], Reports(actions));
            Assert.Empty(actions.OfType<NginxAction.Start>());
            Assert.Equal(NginxState.BackingOff, test._policy.State);
            Assert.Equal(test._now + new NginxOptions().RestartBackoffInitial, test._policy.RestartAt);
        }
    }

    [Fact]
    public void A_second_exit_within_the_window_resigns_even_on_a_master()
    {
        Running();
        Crash();
        RunUntil(_now + TimeSpan.FromMilliseconds(30), Answers);

        var actions = Crash();

        Assert.Equal([new NginxAction.Report(false, "nginx exited again (2 times within 40 s)")], Reports(actions));
        Assert.Empty(actions.OfType<NginxAction.Start>());
    }

    [Fact]
    public void A_crash_loop_backs_off_exponentially_to_the_ceiling_and_is_reported()
    {
        var options = new NginxOptions { Recovery = NginxRecovery.Resign, RestartBackoffInitial = TimeSpan.FromMilliseconds(100), RestartBackoffMax = TimeSpan.FromSeconds(1) };
        var test = With(options).Running();
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 7; i++)
        {
            var crashed = test._now;
            test.Crash();
            delays.Add(test._policy.RestartAt!.Value - crashed);
            test.RunUntil(test._policy.RestartAt!.Value, Refused);
        }

        Assert.Equal([100, 200, 400, 800, 1000, 1000, 1000], delays.Select(d => (int)d.TotalMilliseconds));
        Assert.True(test._policy.CrashLooping);
        Assert.Equal(7, test._policy.Restarts);
        Assert.Equal(Serilog.Events.LogEventLevel.Error, LogLevelOf(test));
    }

    private static Serilog.Events.LogEventLevel LogLevelOf(NginxPolicyTests test)
    {
        test._policy.Exited(test._now, "killed by SIGKILL", false, Grace, "bind() failed");
        var log = test.Drain(Refused).OfType<NginxAction.Log>().Last();
        Assert.Contains("bind() failed", log.Values);
        return log.Level;
    }

    [Fact]
    public void After_answering_for_longer_than_the_back_off_ceiling_the_next_crash_starts_afresh()
    {
        var options = new NginxOptions { Recovery = NginxRecovery.Resign, RestartBackoffMax = TimeSpan.FromSeconds(2) };
        var test = With(options).Running();
        test.Crash();
        test.RunUntil(test._policy.RestartAt!.Value + TimeSpan.FromMilliseconds(20), Answers);
        test.Crash();
        Assert.Equal(TimeSpan.FromMilliseconds(400), test._policy.Backoff);
        test.RunUntil(test._policy.RestartAt!.Value + TimeSpan.FromMilliseconds(20), Answers);

        test.RunUntil(test._now + TimeSpan.FromSeconds(5), Answers);

        Assert.Equal(options.RestartBackoffInitial, test._policy.Backoff);
        Assert.Equal(0, test._policy.RecentExits);
    }

    [Fact]
    public void A_start_that_fails_backs_off_like_an_exit()
    {
        _policy.StartFailed(_now, "no such file");

        var actions = Drain(Answers);

        Assert.Equal(NginxState.BackingOff, _policy.State);
        Assert.Contains(actions.OfType<NginxAction.Log>(), l => l.Template.StartsWith("nginx: next start in", StringComparison.Ordinal));
        var started = RunUntil(_policy.RestartAt!.Value, Answers);
        Assert.Equal("restart", Assert.Single(started.OfType<NginxAction.Start>()).Why);
    }

    [Fact]
    public void Health_failures_in_a_row_take_nginx_down_and_one_answer_brings_it_back()
    {
        Running();

        var actions = RunUntil(_now + TimeSpan.FromSeconds(1), Refused);
        Assert.Empty(Reports(actions));
        actions = RunUntil(_now + TimeSpan.FromSeconds(1), Refused);
        Assert.Equal([new NginxAction.Report(false, "health probe failed 2 times: connection refused")], Reports(actions));
        Assert.Equal(NginxState.Unhealthy, _policy.State);

        actions = RunUntil(_now + TimeSpan.FromSeconds(1), Answers);
        Assert.Equal([new NginxAction.Report(true, "nginx answers")], Reports(actions));
    }

    [Fact]
    public void A_planned_stop_probes_and_restarts_nothing()
    {
        Running();
        Crash(isMaster: false);

        _policy.Stopping();

        Assert.Null(_policy.NextDeadline);
        _policy.Stopped();
        Assert.Equal((NginxState.Stopped, false), (_policy.State, _policy.Healthy));
    }
}
