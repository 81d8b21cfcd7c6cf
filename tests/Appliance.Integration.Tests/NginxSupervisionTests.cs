using System.Text.RegularExpressions;
using Appliance.Lab;
using Appliance.Testing;
using Xunit.Abstractions;

namespace Appliance.Integration.Tests;

/// <summary>
/// nginx under the supervisor, on a lab pair at 1 s adverts: a crash, a hang, a broken reload, a crash loop,
/// restart-first recovery and what the client sees of each.
/// </summary>
public sealed partial class NginxSupervisionTests(ITestOutputHelper output) : LabTest(output)
{
    // Skew_Time of a priority-100 backup at 1 s adverts.
    private static readonly TimeSpan BackupSkew = TimeSpan.FromMilliseconds(609.375);

    private void StartPair(string recovery, PairSettings? overrides = null)
    {
        var settings = (overrides ?? new PairSettings()) with { TrackNginx = true, NginxRecovery = recovery };
        foreach (var (box, priority) in new[] { (B1, 200), (B2, 100) })
        {
            box.StartAppliance(ApplianceIni.For(box, priority, settings, Lab.Boxes.Where(b => b != box), supervisedNginx: true));
        }

        WaitForState(B1, "master", TimeSpan.FromSeconds(10));
        WaitForState(B2, "backup", TimeSpan.FromSeconds(5));
        WaitForHolder(B1, Lan.Vip4, TimeSpan.FromSeconds(2));
    }

    private int NginxPid(LabBox box) => box.Status().Services.Single(s => s.Name == "nginx").Pid
        ?? throw new Xunit.Sdk.XunitException($"{box}: nginx has no pid\n{Logs()}");

    /// <summary>The master and every worker, as a crash or an OOM kill takes them.</summary>
    private static void KillGroup(int pid, string signal = "KILL") => Cmd.Run("kill", $"-{signal}", "--", $"-{pid}");

    [RootFact]
    public void With_resign_an_nginx_crash_moves_the_VIP_in_about_the_backups_skew_time_and_it_comes_back()
    {
        StartPair("resign");
        var probe = Lab.StartProbe();
        Thread.Sleep(500);
        var oldPid = NginxPid(B1);

        var crash = Lan.Now();
        KillGroup(oldPid);
        var served = probe.Timeline.WaitForAnswer(crash, a => a.Detail == "b2", TimeSpan.FromSeconds(5));

        Assert.NotNull(served);
        var outage = probe.Timeline.GapAround(crash, served.Value.End);
        Assert.True(outage.Gap < BackupSkew + TimeSpan.FromMilliseconds(400), $"client outage {outage}, bound: backup skew {BackupSkew.TotalMilliseconds} ms + 400 ms\n{Logs()}");

        // nginx is restarted, and the box with the higher priority takes the VIP back (make-before-break).
        WaitForState(B1, "master", TimeSpan.FromSeconds(8));
        WaitForHolder(B1, Lan.Vip4, TimeSpan.FromSeconds(2));
        var nginx = B1.Status().Services.Single();
        Assert.NotEqual(oldPid, nginx.Pid);
        Assert.True(nginx.Healthy && nginx.Restarts >= 1, $"{nginx}");
        Assert.Contains("SIGKILL", nginx.LastExit);
    }

    [RootFact]
    public void With_restart_first_an_nginx_crash_on_the_master_is_healed_in_place()
    {
        StartPair("restart-first");
        var probe = Lab.StartProbe();
        Thread.Sleep(500);
        var transitions = B2.Status().Vrrp[0].Transitions;

        var crash = Lan.Now();
        KillGroup(NginxPid(B1));
        Thread.Sleep(1500);

        var outage = probe.Timeline.GapAround(crash, probe.Timeline.Settled(crash, Lan.Now()));
        Assert.True(outage.Gap < TimeSpan.FromMilliseconds(100), $"client outage {outage}\n{Logs()}");
        Assert.Equal("master", B1.VrrpState());
        Assert.Equal(transitions, B2.Status().Vrrp[0].Transitions); // the backup never moved
        Assert.DoesNotContain(probe.Timeline.Snapshot(), a => a.Ok && a.End > crash && a.Detail == "b2");
        Assert.Contains("recovered in place", B1.Appliance!.Log());
    }

    [RootFact]
    public void An_nginx_that_fails_on_every_start_resigns_and_stays_resigned_with_a_crash_loop_reported()
    {
        StartPair("restart-first");
        var probe = Lab.StartProbe();
        Thread.Sleep(500);

        // From now on every start fails: nginx refuses its configuration.
        var config = Path.Combine(B1.Directory, "nginx.conf");
        File.WriteAllText(config, File.ReadAllText(config).Replace("worker_processes 1;", "worker_processes 1;\nthis_is_not_a_directive on;"));
        var crash = Lan.Now();
        KillGroup(NginxPid(B1));

        WaitForState(B2, "master", TimeSpan.FromSeconds(5));
        var served = probe.Timeline.WaitForAnswer(crash, a => a.Detail == "b2", TimeSpan.FromSeconds(3));
        Assert.NotNull(served);

        // No flapping: b1 stays resigned however often nginx is retried.
        Thread.Sleep(4000);
        Assert.Equal("fault", B1.VrrpState());
        Assert.Equal("master", B2.VrrpState());
        var nginx = B1.Status().Services.Single();
        Assert.Contains("crash loop", nginx.State);
        Assert.False(nginx.Healthy);
        Assert.DoesNotContain(probe.Timeline.Snapshot(), a => a.Ok && a.End > served.Value.End && a.Detail == "b1");
    }

    [RootFact]
    public void An_nginx_that_hangs_makes_the_master_resign_and_it_returns_after_SIGCONT()
    {
        StartPair("resign");
        var pid = NginxPid(B1);

        KillGroup(pid, "STOP");
        WaitForState(B2, "master", TimeSpan.FromSeconds(5));
        Assert.Equal("fault", B1.VrrpState());
        Assert.Equal("unhealthy", B1.Status().Services.Single().State);

        KillGroup(pid, "CONT");
        WaitForState(B1, "master", TimeSpan.FromSeconds(8));
        WaitForHolder(B1, Lan.Vip4, TimeSpan.FromSeconds(2));
        Assert.Equal(pid, NginxPid(B1)); // the same nginx, recovered, not restarted
    }

    [RootFact]
    public void A_broken_nginx_config_on_reload_is_refused_with_nginxs_message_and_the_old_nginx_keeps_serving()
    {
        StartPair("restart-first");
        var pid = NginxPid(B1);
        var config = Path.Combine(B1.Directory, "nginx.conf");
        var good = File.ReadAllText(config);
        File.WriteAllText(config, good.Replace("events {", "events { broken_directive;"));

        var refused = Lab.Boxes[0].Namespace.TryExec(Lab.ApplianceBinary, "nginx", "reload", "--socket", B1.ControlSocket);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("nginx -t failed", refused.StandardError);
        Assert.Contains("[emerg]", refused.StandardError);
        Assert.Contains("unknown directive \"broken_directive\"", refused.StandardError);
        Assert.Equal(pid, NginxPid(B1));
        Assert.Equal("b1", Fetch($"http://{Lan.Vip4}/"));

        File.WriteAllText(config, good.Replace("return 200 \"b1\\n\";", "return 200 \"b1 reloaded\\n\";"));
        var reloaded = Lab.Boxes[0].Namespace.TryExec(Lab.ApplianceBinary, "nginx", "reload", "--socket", B1.ControlSocket);
        Assert.Equal(0, reloaded.ExitCode);
        Thread.Sleep(300);
        Assert.Equal("b1 reloaded", Fetch($"http://{Lan.Vip4}/"));
        Assert.Equal(pid, NginxPid(B1)); // a reload, not a restart
    }

    [RootFact]
    public void A_crash_looping_nginx_is_restarted_with_exponential_back_off()
    {
        StartPair("resign");
        var config = Path.Combine(B1.Directory, "nginx.conf");
        File.WriteAllText(config, File.ReadAllText(config).Replace("worker_processes 1;", "worker_processes 1;\nthis_is_not_a_directive on;"));
        var logStart = B1.Appliance!.Log().Length;
        KillGroup(NginxPid(B1));

        // 100 ms, 200, 400, 800, 1600 ms between starts (restart_backoff_initial 100ms, doubling).
        Thread.Sleep(4500);
        var starts = StartTimes().Matches(B1.Appliance.Log()[logStart..])
            .Select(m => TimeSpan.Parse(m.Groups["t"].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.True(starts.Length >= 4, $"{starts.Length} restarts logged\n{Logs()}");
        var gaps = starts.Zip(starts.Skip(1), (a, b) => (b - a).TotalMilliseconds).ToArray();
        for (var i = 1; i < gaps.Length; i++)
        {
            Assert.InRange(gaps[i] / gaps[i - 1], 1.6, 2.5);
        }

        Assert.InRange(gaps[0], 150, 450); // the second back-off step: 200 ms
        Assert.Contains("crash loop", B1.Status().Services.Single().State);
    }

    [GeneratedRegex(@"^(?<t>\d\d:\d\d:\d\d\.\d\d\d) INF nginx started", RegexOptions.Multiline)]
    private static partial Regex StartTimes();
}
