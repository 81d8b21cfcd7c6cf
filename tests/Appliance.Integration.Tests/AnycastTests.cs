using System.Diagnostics;
using System.Net;
using Appliance.Lab;
using Appliance.Testing;
using Xunit.Abstractions;

namespace Appliance.Integration.Tests;

/// <summary>
/// Anycast with the real binary, BIRD on every box and FRR as the router: three boxes announce 203.0.113.10 over
/// BGP with BFD, the router spreads a far client's connections over them (ECMP), and a box whose nginx or BIRD dies
/// leaves the router's set.
/// </summary>
public sealed class AnycastTests : LabTest
{
    private const uint RouterAs = 65000;
    private const uint BoxAs = 65010;
    private static readonly TimeSpan Bfd = TimeSpan.FromMilliseconds(100);
    private static readonly string Url = $"http://{Lan.Anycast4}/";

    /// <summary>
    /// A probe timeout long enough that the client's own stalls on a busy machine (100-600 ms) are not failures: a
    /// request to a box without nginx is refused at once, and that is the failure these tests count.
    /// </summary>
    private static readonly TimeSpan Patient = TimeSpan.FromSeconds(1);

    public AnycastTests(ITestOutputHelper output)
        : base(output, boxes: 3)
    {
    }

    private static string Ini(LabBox box, string nginxExtra = "") => $"""
        [system]
        hostname = {box.Name}
        state_dir = {box.StateDirectory}

        [interface:eth0]
        address = {box.Address4}/24
        manage = false

        [nginx]
        binary = {NginxSite.Binary}
        config = {NginxSite.Write(box)}
        health_url = http://127.0.0.1/
        {nginxExtra}

        [bgp]
        local_as = {BoxAs}
        neighbor = {Lan.Router4}
        neighbor_as = {RouterAs}
        bfd_interval = {(int)Bfd.TotalMilliseconds}ms

        [anycast:web]
        prefix = {Lan.Anycast4}/32
        track = nginx

        """;

    /// <summary>The router, then every box's appliance; returns once the router forwards to all three.</summary>
    private void StartAll(string nginxExtra = "")
    {
        Lab.AddRouter(RouterAs, BoxAs, Bfd);
        foreach (var box in Lab.Boxes)
        {
            box.StartAppliance(Ini(box, nginxExtra));
        }

        Assert.True(WaitFor(() => Lab.RouterNexthops(Lan.Anycast4).Count == 3, TimeSpan.FromSeconds(60)),
            $"the router has {Lab.RouterNexthops(Lan.Anycast4).Count} paths to {Lan.Anycast4}\n{Lab.Router!.Vtysh("show bgp summary")}\n{RouterLogs()}");
    }

    private string RouterLogs() => $"{Lab.Router!.Vtysh("show bfd peers brief")}\n{Lab.Router.Logs()}\n{Logs()}";

    private static int ServicePid(LabBox box, string service) =>
        box.Status().Services.Single(s => s.Name == service).Pid ?? throw new Xunit.Sdk.XunitException($"{box}: {service} has no pid");

    /// <summary>Waits (polling every 2 ms) until the router's next hops for the anycast address satisfy <paramref name="condition"/>; the time it took.</summary>
    private TimeSpan TimeUntilRouter(Func<IReadOnlyList<IPAddress>, bool> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition(Lab.RouterNexthops(Lan.Anycast4)))
        {
            Assert.True(watch.Elapsed < timeout, $"{what}: not within {timeout.TotalSeconds} s\n{RouterLogs()}");
            Thread.Sleep(2);
        }

        return watch.Elapsed;
    }

    [RequiresToolFact("bird")]
    public void All_three_boxes_announce_and_answer_new_connections_from_behind_the_router()
    {
        StartAll();
        var probe = Lab.StartFarProbe(Url);
        var start = Lan.Now();
        Assert.True(WaitFor(() => Lab.Boxes.All(b => probe.Timeline.Snapshot().Any(a => a.Ok && a.Start >= start && a.Detail.Trim() == b.Name)), TimeSpan.FromSeconds(20)),
            $"not every box answered: {string.Join(", ", probe.Timeline.Snapshot().Where(a => a.Ok).GroupBy(a => a.Detail.Trim()).Select(g => $"{g.Key} {g.Count()}"))}");
        foreach (var box in Lab.Boxes)
        {
            var status = box.Status();
            var group = Assert.Single(status.Anycast);
            Assert.Equal(("web", true, "nginx is up"), (group.Name, group.Announced, group.Reason));
            Assert.Equal([$"{Lan.Anycast4}/32"], group.Prefixes);
            var session = Assert.Single(status.Bgp);
            Assert.Equal((Lan.Router4.ToString(), true), (session.Neighbor, session.Bfd));
            Assert.True(WaitFor(() => box.Status().Bgp[0].State == "Established", TimeSpan.FromSeconds(5)), $"{box}: {box.Status().Bgp[0].State}");
            Assert.Contains(box.Status().Services, s => s.Name == "bird" && s.State == "running");
        }
    }

    [RequiresToolFact("bird")]
    public void Nginx_killed_on_a_box_withdraws_it_from_the_router_at_once_and_the_others_keep_serving()
    {
        // nginx comes back only after 3 s: long enough to watch the router's set without b1.
        StartAll("restart_backoff_initial = 3s");
        var b1 = Lab[0];
        var probe = Lab.StartFarProbe(Url, timeout: Patient);
        Thread.Sleep(500);
        var kill = Lan.Now();
        Cmd.Run("kill", "-KILL", "--", $"-{ServicePid(b1, "nginx")}");
        var withdrawn = TimeUntilRouter(hops => !hops.Contains(b1.Address4), TimeSpan.FromSeconds(1), "b1 withdrawn after nginx was killed");
        var withdrawnAt = Lan.Now();
        Output.WriteLine($"nginx SIGKILL -> the router's kernel route has lost b1 (polled with ip route): {withdrawn.TotalMilliseconds:0} ms");

        // While b1 is out of the router's set, every new connection goes to b2 or b3 and is answered.
        Thread.Sleep(1000);
        var windowEnd = Lan.Now();
        Assert.DoesNotContain(b1.Address4, Lab.RouterNexthops(Lan.Anycast4));
        var between = probe.Timeline.Snapshot().Where(a => a.Start > withdrawnAt && a.End < windowEnd).ToList();
        Assert.NotEmpty(between);
        Assert.All(between, a => Assert.True(a.Ok && a.Detail.Trim() is "b2" or "b3", $"while b1 was withdrawn: {a}"));
        var failed = probe.Timeline.Snapshot().Where(a => !a.Ok && a.End >= kill && a.End < windowEnd).ToList();
        var lastFailure = failed.Select(a => a.End).DefaultIfEmpty(kill).Max();
        Output.WriteLine($"failed requests: {failed.Count}, the last one ended {(lastFailure - kill) * 1000.0 / Stopwatch.Frequency:0} ms after the kill; {between.Count} requests served by b2 and b3 meanwhile");

        // nginx comes back, answers its probe, and b1 is announced again.
        TimeUntilRouter(hops => hops.Contains(b1.Address4), TimeSpan.FromSeconds(20), "b1 announced again after nginx restarted");
        var group = b1.Status().Anycast[0];
        Assert.True(group.Announced);
        Assert.Equal(3L, group.Transitions);
        Assert.True(b1.Appliance!.WaitForLog("anycast web: withdrawn (nginx is down)", TimeSpan.FromSeconds(1)), Logs());
    }

    [RequiresToolFact("bird")]
    public void BIRD_killed_on_a_box_withdraws_it_and_BIRD_restarted_announces_it_again()
    {
        StartAll();
        var b2 = Lab[1];
        var before = b2.Status().Services.Single(s => s.Name == "bird");
        Cmd.Run("kill", "-KILL", "--", $"-{ServicePid(b2, "bird")}");
        var withdrawn = TimeUntilRouter(hops => !hops.Contains(b2.Address4), TimeSpan.FromSeconds(5), "b2 withdrawn after BIRD was killed");
        Output.WriteLine($"BIRD SIGKILL -> the router drops b2: {withdrawn.TotalMilliseconds:0} ms");
        TimeUntilRouter(hops => hops.Contains(b2.Address4) && hops.Count == 3, TimeSpan.FromSeconds(60), "b2 announced again after BIRD restarted");
        var bird = b2.Status().Services.Single(s => s.Name == "bird");
        Assert.Equal(before.Restarts + 1, bird.Restarts);
        Assert.NotEqual(before.Pid, bird.Pid);
        Assert.Contains("SIGKILL", bird.LastExit, StringComparison.Ordinal);
        Assert.True(b2.Appliance!.WaitForLog("anycast web: withdrawn (BIRD is down: bird exited", TimeSpan.FromSeconds(1)), Logs());
        Assert.True(b2.Status().Anycast[0].Announced);
    }

    [RequiresToolFact("bird")]
    public void Drain_withdraws_the_box_without_a_failed_request_and_undrain_announces_it_again()
    {
        StartAll();
        var b3 = Lab[2];
        var probe = Lab.StartFarProbe(Url, timeout: Patient);
        Thread.Sleep(500);
        var drain = Lan.Now();
        var response = b3.Control(new Appliance.Control.ControlRequest { Command = "drain", Group = "web" });
        Assert.True(response.Ok, response.Error);
        Assert.Equal(["web: withdrawn; connections that still arrive are served until the router has moved them"], response.Messages);
        var withdrawn = TimeUntilRouter(hops => !hops.Contains(b3.Address4), TimeSpan.FromSeconds(2), "b3 withdrawn after drain");
        var withdrawnAt = Lan.Now();
        Output.WriteLine($"drain -> the router's kernel route has lost b3: {withdrawn.TotalMilliseconds:0} ms");
        Thread.Sleep(1000);
        var status = b3.Status().Anycast[0];
        Assert.Equal((false, true, "drained by the operator"), (status.Announced, status.Drained, status.Reason));

        // Nothing failed, and after the withdrawal no new connection went to b3.
        var attempts = probe.Timeline.Snapshot().Where(a => a.Start >= drain).ToList();
        var origin = drain;
        string Describe(Appliance.Lab.Probe.Attempt a) => $"{(a.Start - origin) * 1000.0 / Stopwatch.Frequency:0.0}-{(a.End - origin) * 1000.0 / Stopwatch.Frequency:0.0} ms {(a.Ok ? "ok" : "fail")} {a.Detail.Trim()}";
        var context = $"withdrawn at {(withdrawnAt - origin) * 1000.0 / Stopwatch.Frequency:0.0} ms; attempts:\n{string.Join("\n", attempts.Take(200).Select(Describe))}";
        Assert.False(attempts.Any(a => !a.Ok), $"a request failed after the drain; {context}");
        Assert.False(attempts.Any(a => a.Start > withdrawnAt && a.Detail.Trim() == "b3"), $"b3 served a new connection after its withdrawal; {context}");
        Output.WriteLine($"{attempts.Count} requests since the drain, none failed");

        var undrain = b3.Control(new Appliance.Control.ControlRequest { Command = "undrain", Group = "web" });
        Assert.Equal(["web: announced again"], undrain.Messages);
        TimeUntilRouter(hops => hops.Contains(b3.Address4), TimeSpan.FromSeconds(5), "b3 announced again after undrain");
        Assert.False(b3.Control(new Appliance.Control.ControlRequest { Command = "drain", Group = "nosuch" }).Ok);
    }

    [RequiresToolFact("bird")]
    public void A_box_whose_link_is_cut_leaves_the_router_by_BFD_within_a_few_intervals_and_comes_back()
    {
        StartAll();
        var b2 = Lab[1];
        Assert.True(WaitFor(() => Lab.Router!.Vtysh("show bfd peers brief").Split('\n').Count(l => l.TrimEnd().EndsWith("up", StringComparison.Ordinal)) == 3, TimeSpan.FromSeconds(20)),
            Lab.Router!.Vtysh("show bfd peers brief"));
        var probe = Lab.StartFarProbe(Url, timeout: TimeSpan.FromMilliseconds(200));
        Thread.Sleep(500);
        var cut = Lan.Now();
        Lab.CutLink(b2);
        var dropped = TimeUntilRouter(hops => !hops.Contains(b2.Address4), TimeSpan.FromSeconds(3), "b2 dropped by the router after its link was cut");
        var droppedAt = Lan.Now();
        Output.WriteLine($"link cut -> the router's kernel route has lost b2: {dropped.TotalMilliseconds:0} ms (BFD {Bfd.TotalMilliseconds:0} ms x 3)");
        Assert.True(dropped < TimeSpan.FromSeconds(1.5), $"{dropped.TotalMilliseconds:0} ms");
        Thread.Sleep(1000);
        var failed = probe.Timeline.Snapshot().Where(a => !a.Ok && a.End >= cut).ToList();
        var lastFailure = failed.Select(a => a.End).DefaultIfEmpty(cut).Max();
        Output.WriteLine($"failed requests: {failed.Count}, the last one ended {(lastFailure - cut) * 1000.0 / Stopwatch.Frequency:0} ms after the cut");
        Assert.DoesNotContain(probe.Timeline.Snapshot(), a => a.Start > droppedAt && a.Ok && a.Detail.Trim() == "b2");

        Lab.RestoreLink(b2);
        TimeUntilRouter(hops => hops.Contains(b2.Address4), TimeSpan.FromSeconds(60), "b2 back in the router's set after its link returned");
    }
}
