using Appliance.Lab;
using Appliance.Testing;
using Xunit.Abstractions;

namespace Appliance.Integration.Tests;

/// <summary>PID 1 duties in a PID namespace of its own, hooks, planned switchover under load, and a lone box's shutdown.</summary>
public sealed class SupervisorDutiesTests(ITestOutputHelper output) : LabTest(output)
{
    [RootFact]
    public void As_PID_1_orphans_are_reaped_and_SIGTERM_ends_in_an_orderly_exit()
    {
        // A hook that leaves 20 orphans behind each time: they are re-parented to PID 1, which must reap them.
        var hooks = "[hooks]\non_master = i=0; while [ $i -lt 20 ]; do sleep 0.2 & i=$((i+1)); done\ntimeout = 5s";
        var settings = new PairSettings { AdvertInterval = TimeSpan.FromMilliseconds(100), TrackNginx = true };
        File.WriteAllText(B1.ConfigPath, ApplianceIni.For(B1, 200, settings, [B2], supervisedNginx: true, extra: hooks));

        // Its own PID namespace (we are PID 1 there) and UTS namespace (PID 1 sets the hostname: not the host's!).
        var init = LabProcess.Start("b1/init", B1.Namespace, B1.Log("appliance"), "/usr/bin/unshare",
            ["--pid", "--fork", "--mount-proc", "--uts", Lab.ApplianceBinary, "run", "--config", B1.ConfigPath]);
        try
        {
            WaitForState(B1, "master", TimeSpan.FromSeconds(10));
            var appliance = ChildOf(init.Pid);

            Thread.Sleep(2000); // the orphans end after 0.2 s; the reaper sweeps every second
            Assert.Contains("starting as b1 (pid 1)", File.ReadAllText(B1.Log("appliance")));
            Assert.True(File.ReadAllText(B1.Log("appliance")).Contains("hook on_master web finished", StringComparison.Ordinal), Logs());
            Assert.Empty(Zombies(appliance));

            Cmd.Run("kill", "-TERM", appliance.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(init.WaitForExit(TimeSpan.FromSeconds(15)), "the PID 1 appliance did not exit");
            Assert.Equal(0, init.ExitCode);
            Assert.False(B1.Has(Lan.Vip4));
            Assert.Empty(B1.Namespace.Pids());
            Assert.Contains("nginx stopped: exit code 0", File.ReadAllText(B1.Log("appliance")));
        }
        finally
        {
            init.Dispose();
        }
    }

    [RootFact]
    public void Hooks_see_the_documented_environment_and_are_killed_at_their_timeout()
    {
        var envFile = Path.Combine(B1.Directory, "hook.env");
        var extra = $"[hooks]\non_master = env > {envFile}; sleep 30\ntimeout = 1s";
        StartAppliance(B1, new PairSettings { AdvertInterval = TimeSpan.FromMilliseconds(100) }, 200, extra);

        WaitForState(B1, "master", TimeSpan.FromSeconds(5));
        Thread.Sleep(300);
        var environment = File.ReadAllLines(envFile);
        Assert.Contains("APPLIANCE_INSTANCE=web", environment);
        Assert.Contains("APPLIANCE_STATE=master", environment);
        Assert.Contains("APPLIANCE_PREVIOUS_STATE=backup", environment);
        Assert.Contains("APPLIANCE_VRID=51", environment);
        Assert.Contains(environment, l => l.StartsWith("APPLIANCE_REASON=master down timer expired", StringComparison.Ordinal));

        Thread.Sleep(1500);
        Assert.Contains("ran longer than", B1.Appliance!.Log());
        Assert.DoesNotContain(B1.Namespace.Pids(), pid => File.ReadAllText($"/proc/{pid}/cmdline").StartsWith("sleep", StringComparison.Ordinal));

        // The hook did not hold VRRP up: the box stayed master and advertised throughout.
        Assert.Equal("master", B1.VrrpState());
    }

    [RootTheory]
    [InlineData("sigterm")]
    [InlineData("failover")]
    public void A_planned_switchover_refuses_no_request(string how)
    {
        var settings = new PairSettings { TrackNginx = true };
        foreach (var (box, priority) in new[] { (B1, 200), (B2, 100) })
        {
            box.StartAppliance(ApplianceIni.For(box, priority, settings, Lab.Boxes.Where(b => b != box), supervisedNginx: true));
        }

        WaitForState(B1, "master", TimeSpan.FromSeconds(10));
        WaitForState(B2, "backup", TimeSpan.FromSeconds(5));
        var probe = Lab.StartProbe();
        Thread.Sleep(500);

        var at = Lan.Now();
        if (how == "sigterm")
        {
            B1.Appliance!.Signal(Signals.SIGTERM);
        }
        else
        {
            Cmd.Run(Lab.ApplianceBinary, "failover", "web", "--socket", B1.ControlSocket);
        }

        var served = probe.Timeline.WaitForAnswer(at, a => a.Detail == "b2", TimeSpan.FromSeconds(5));
        Thread.Sleep(1500);

        Assert.NotNull(served);
        var window = probe.Timeline.Snapshot().Where(a => a.End > at && a.End < served.Value.End + 1_000_000_000).ToArray();
        var failed = window.Count(a => !a.Ok);
        var longest = probe.Timeline.LongestGap(at - 100_000_000, served.Value.End + 1_000_000_000);
        var seen = string.Join('\n', window.Where(a => !a.Ok).Select(a => $"  failed at +{(a.End - at) / 1e6:0.0} ms after {(a.End - a.Start) / 1e6:0.0} ms: {a.Detail}"));
        Assert.True(failed <= 1 && longest < TimeSpan.FromMilliseconds(50), $"{failed} failed requests, longest gap {longest.TotalMilliseconds:0.0} ms\n{seen}\n{Logs()}");
        WaitForHolder(B2, Lan.Vip4, TimeSpan.FromSeconds(3));
    }

    [RootFact]
    public void A_lone_box_exits_within_its_deadline_and_removes_its_VIP()
    {
        StartAppliance(B1, new PairSettings(), 200);
        WaitForState(B1, "master", TimeSpan.FromSeconds(8));

        var started = DateTime.UtcNow;
        B1.Appliance!.Signal(Signals.SIGTERM);

        Assert.True(B1.Appliance.WaitForExit(TimeSpan.FromSeconds(10)), "did not exit");
        var took = DateTime.UtcNow - started;

        // Nobody answers the handover: the release deadline (2 x 1 s + 100 ms) ends it, well within the bound.
        Assert.InRange(took, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5));
        Assert.Equal(0, B1.Appliance.ExitCode);
        Assert.False(B1.Has(Lan.Vip4));
        Assert.Contains("no new master heard within 2100ms", B1.Appliance.Log());
    }

    private static int ChildOf(int pid)
    {
        var children = File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return int.Parse(Assert.Single(children), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Children of <paramref name="parent"/> that have ended but were not reaped.</summary>
    private static List<int> Zombies(int parent)
    {
        var zombies = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(d => d!.All(char.IsAsciiDigit)))
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{dir}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] == "Z" && fields[1] == parent.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    zombies.Add(int.Parse(dir!, System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            catch (IOException)
            {
                // Gone while we looked.
            }
        }

        return zombies;
    }
}
