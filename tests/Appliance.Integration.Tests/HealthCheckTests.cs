using Appliance.Lab;
using Appliance.Testing;
using Xunit.Abstractions;

namespace Appliance.Integration.Tests;

/// <summary>[check:NAME] health checks with the real binary: a backend that goes away and comes back, a hanging program.</summary>
public sealed class HealthCheckTests(ITestOutputHelper output) : LabTest(output)
{
    private const int BackendPort = 8081;

    private static string HttpCheck(LabBox box, int weight) => $"""
        [check:backend]
        type = http
        target = http://{box.Address4}:{BackendPort}/health
        interval = 200ms
        timeout = 100ms
        rise = 2
        fall = 2

        [vrrp:web:track]
        backend = {weight}
        """;

    [RootFact]
    public void A_failing_http_check_lowers_the_priority_below_the_peer_and_the_VIP_moves_and_comes_back()
    {
        var settings = new PairSettings { AdvertInterval = Fast };
        var backend = B1.StartBackend(BackendPort);
        StartAppliance(B1, settings, 200, HttpCheck(B1, -150));
        StartAppliance(B2, settings, 100);
        WaitForState(B1, "master", TimeSpan.FromSeconds(10));
        WaitForState(B2, "backup", TimeSpan.FromSeconds(5));
        WaitForHolder(B1, Lan.Vip4, TimeSpan.FromSeconds(2));
        var check = Assert.Single(B1.Status().Checks);
        Assert.Equal(("backend", "http", "up"), (check.Name, check.Type, check.State));
        Assert.StartsWith("ok, status 200", check.LastResult, StringComparison.Ordinal);

        // The backend goes away: two refused connections take the check down, 200 - 150 = 50 < 100, b2 preempts.
        backend.Signal(Signals.SIGKILL);
        Assert.True(backend.WaitForExit(TimeSpan.FromSeconds(5)));
        WaitForState(B2, "master", TimeSpan.FromSeconds(10));
        WaitForHolder(B2, Lan.Vip4, TimeSpan.FromSeconds(2));
        var down = B1.Status();
        Assert.Equal(("backup", 50), (down.Vrrp[0].State, down.Vrrp[0].EffectivePriority));
        Assert.Equal(("down", "connection refused"), (down.Checks[0].State, down.Checks[0].LastResult));
        Assert.Contains("backend", down.Vrrp[0].TrackedDown);
        Assert.True(B1.Appliance!.WaitForLog("check backend is down: 2 failures in a row, last: connection refused", TimeSpan.FromSeconds(2)), Logs());

        // It comes back: two answers bring the check up, b1 preempts again.
        B1.StartBackend(BackendPort);
        WaitForState(B1, "master", TimeSpan.FromSeconds(10));
        WaitForHolder(B1, Lan.Vip4, TimeSpan.FromSeconds(2));
        var up = B1.Status();
        Assert.Equal(("up", 200, 2L), (up.Checks[0].State, up.Vrrp[0].EffectivePriority, up.Checks[0].Transitions));
        Assert.True(B1.Appliance.WaitForLog("check backend is up: 2 successes in a row", TimeSpan.FromSeconds(2)), Logs());
    }

    [RootFact]
    public void An_exec_check_that_hangs_is_killed_with_its_process_group_at_the_timeout_and_never_delays_VRRP()
    {
        // The program starts a grandchild and both sleep far past the timeout; 100 ms adverts mean a loop held up
        // for a third of a second would let b2 take over.
        var script = Path.Combine(B1.Directory, "hang.sh");
        File.WriteAllText(script, "/bin/sleep 300 &\nexec /bin/sleep 301\n");
        var settings = new PairSettings { AdvertInterval = Fast };
        StartAppliance(B1, settings, 200, $"""
            [check:hang]
            type = exec
            target = /bin/sh {script}
            interval = 500ms
            timeout = 300ms

            [vrrp:web:track]
            hang = -20
            """);
        StartAppliance(B2, settings, 100);
        WaitForState(B1, "master", TimeSpan.FromSeconds(10));
        WaitForState(B2, "backup", TimeSpan.FromSeconds(5));
        var b2Transitions = B2.Status().Vrrp[0].Transitions;

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        Control.CheckStatus check;
        do
        {
            Thread.Sleep(200);
            check = B1.Status().Checks.Single();
        }
        while (check.TimedOut < 5 && DateTime.UtcNow < deadline);

        Assert.True(check.TimedOut >= 5, $"{check}\n{Logs()}");
        Assert.Equal(("down", "timed out after 300ms", 0L), (check.State, check.LastResult, check.Successes));
        Assert.True(check.Failures >= check.TimedOut, $"{check}");

        // Killed with their group: of the sleeps, at most the running probe's two exist.
        var sleeps = B1.Namespace.Pids().Count(pid => CommandLine(pid).StartsWith("/bin/sleep 30", StringComparison.Ordinal));
        Assert.True(sleeps <= 2, $"{sleeps} sleeps left behind in {B1.Namespace}\n{Logs()}");

        var status = B1.Status().Vrrp[0];
        Assert.Equal(("master", 180), (status.State, status.EffectivePriority));
        Assert.Equal(b2Transitions, B2.Status().Vrrp[0].Transitions);
        Assert.Equal("backup", B2.VrrpState());
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return ""; // gone meanwhile
        }
    }
}
