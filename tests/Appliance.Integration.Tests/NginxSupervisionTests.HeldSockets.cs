using Appliance.Lab;
using Appliance.Testing;

namespace Appliance.Integration.Tests;

/// <summary>
/// The listening sockets the supervisor holds for nginx (<c>[nginx] listen = 80, [::]:80</c>, the lab's default):
/// an nginx crash or a change of the listen set refuses no new connection.
/// </summary>
public sealed partial class NginxSupervisionTests
{
    // Long enough that a connection waiting in the accept queue for a restart is answered, not given up on.
    private static readonly TimeSpan PatientClient = TimeSpan.FromSeconds(1);

    [RootFact]
    public void With_held_sockets_an_nginx_crash_on_the_master_refuses_no_connection_and_the_VIP_stays()
    {
        StartPair("restart-first");
        var probe = Lab.StartProbe(timeout: PatientClient);
        Thread.Sleep(500);
        var transitions = B2.Status().Vrrp[0].Transitions;
        var oldPid = NginxPid(B1);

        var crash = Lan.Now();
        KillGroup(oldPid);
        var killed = Lan.Now(); // kill(1) has returned: master and workers are gone
        Thread.Sleep(1500);
        var end = Lan.Now();

        // A request that a worker had accepted when the kill landed dies with it (allowed, and rare); every
        // connection opened after the kill must be answered, and none is ever refused.
        var attempts = probe.Timeline.Snapshot().Where(a => a.End > crash && a.End <= end).ToArray();
        var failed = attempts.Where(a => !a.Ok && a.Start >= killed).ToArray();
        var inFlight = attempts.Where(a => !a.Ok && a.Start < killed).ToArray();
        Assert.True(inFlight.Length <= 1 && inFlight.All(a => !a.Detail.Contains("refused", StringComparison.OrdinalIgnoreCase)),
            $"in flight at the kill: {string.Join("; ", inFlight.Select(f => f.Detail))}");
        var slowest = TimeSpan.FromTicks(attempts.Max(a => a.End - a.Start) / 100);
        var outage = probe.Timeline.GapAround(crash, crash + 300_000_000); // the longest wait between answers around the crash
        Output.WriteLine($"{attempts.Length} requests after the crash, {failed.Length} new ones failed, {inFlight.Length} in flight lost; slowest answer {slowest.TotalMilliseconds:0.0} ms; {outage}");

        Assert.True(failed.Length == 0, $"{failed.Length} failed: {string.Join("; ", failed.Take(5).Select(f => f.Detail))}\n{Logs()}");
        Assert.True(attempts.Length >= 200, $"the client made only {attempts.Length} requests in 1.5 s");
        // Answers wait for the restarted nginx, which takes tens of milliseconds; a generous bound on a loaded machine.
        Assert.True(slowest < TimeSpan.FromMilliseconds(500), $"slowest answer {slowest.TotalMilliseconds:0.0} ms\n{Logs()}");
        Assert.Equal("master", B1.VrrpState());
        Assert.Equal(transitions, B2.Status().Vrrp[0].Transitions); // the VIP never moved
        Assert.DoesNotContain(probe.Timeline.Snapshot(), a => a.Ok && a.End > crash && a.Detail == "b2");
        Assert.NotEqual(oldPid, NginxPid(B1));
        var log = B1.Appliance!.Log();
        Assert.Contains("using inherited sockets from \"3;4;\"", log);
        Assert.Contains("recovered in place", log);
        Assert.DoesNotContain("does not listen on held socket", log);
    }

    [RootFact]
    public void A_listen_change_is_handed_to_a_new_nginx_that_gets_the_new_socket_and_no_connection_is_refused()
    {
        StartPair("restart-first");
        var probe = Lab.StartProbe(timeout: PatientClient);
        Thread.Sleep(300);
        var config = Path.Combine(B1.Directory, "nginx.conf");
        var original = File.ReadAllText(config);
        var oldPid = NginxPid(B1);
        Assert.Null(Fetch($"http://{Lan.Vip4}:8080/"));

        // Add port 8080: nginx's configuration first, then the held set; the supervisor opens 8080 before the new
        // nginx starts and the old one quits.
        var change = Lan.Now();
        File.WriteAllText(config, original.Replace("listen [::]:80 default_server;", "listen [::]:80 default_server;\n        listen 8080;"));
        var added = Appliance(B1, "config", "set", "nginx:listen=80, [::]:80, 8080");
        Assert.True(added.ExitCode == 0, added.StandardError);
        Assert.True(B1.Appliance!.WaitForLog("nginx: the old master (pid", TimeSpan.FromSeconds(10)), Logs());
        Assert.Equal("b1", Fetch($"http://{Lan.Vip4}:8080/"));
        var newPid = NginxPid(B1);
        Assert.NotEqual(oldPid, newPid);

        // And remove it again: the socket closes once the old master is gone.
        File.WriteAllText(config, original);
        var logLength = B1.Appliance.Log().Length;
        var removed = Appliance(B1, "config", "set", "nginx:listen=80, [::]:80");
        Assert.True(removed.ExitCode == 0, removed.StandardError);
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!B1.Appliance.Log()[logLength..].Contains("closed 0.0.0.0:8080", StringComparison.Ordinal) && DateTime.UtcNow < until)
        {
            Thread.Sleep(50);
        }

        Assert.Contains("closed 0.0.0.0:8080", B1.Appliance.Log()[logLength..]);
        Assert.Null(Fetch($"http://{Lan.Vip4}:8080/"));
        Assert.NotEqual(newPid, NginxPid(B1));
        Thread.Sleep(300);

        var failed = probe.Timeline.Snapshot().Where(a => !a.Ok && a.End > change).ToArray();
        Assert.True(failed.Length == 0, $"{failed.Length} failed on port 80: {string.Join("; ", failed.Take(5).Select(f => f.Detail))}\n{Logs()}");
        Assert.Equal("master", B1.VrrpState());
    }
}
