using System.Globalization;
using System.Net;
using Appliance.Lab;
using Appliance.Testing;
using Appliance.Vrrp.Wire;
using Xunit.Abstractions;

namespace Appliance.Integration.Tests;

/// <summary>
/// One party must not starve the box's loop (architecture.md, "The one loop"): a child printing without pause, a LAN
/// full of garbage VRRP. The proof is on the wire, captured on the peer: the master's advertisements at 100 ms keep
/// coming with no gap of 3 intervals (the backup's Master_Down_Interval), and nobody changes role.
/// </summary>
public sealed class BoundedWorkTests(ITestOutputHelper output) : LabTest(output)
{
    private const string FloodLine = "the-hook-floods-its-stderr-without-pause";
    private static readonly TimeSpan FloodFor = TimeSpan.FromSeconds(10);

    [RootFact]
    public void A_child_printing_without_pause_for_ten_seconds_costs_no_advertisement_and_its_lines_are_dropped_and_counted()
    {
        var settings = new PairSettings { AdvertInterval = Fast };
        var hooks = $"[hooks]\non_master = timeout {FloodFor.TotalSeconds:0} yes {FloodLine} 1>&2\ntimeout = 60s";
        StartAppliance(B1, settings, 200, extra: hooks);
        StartAppliance(B2, settings, 100);
        WaitForState(B1, "master", TimeSpan.FromSeconds(5));
        WaitForState(B2, "backup", TimeSpan.FromSeconds(5));
        var transitions = B2.Status().Vrrp[0].Transitions;

        using var capture = Lab.Capture(B2.Namespace, "ip proto 112");
        var started = DateTime.UtcNow;
        Assert.True(WaitFor(() => B1.Status().ChildOutputLinesDropped > 0, TimeSpan.FromSeconds(5)), $"the hook's flood never reached the limit\n{Logs()}");
        Thread.Sleep(FloodFor - (DateTime.UtcNow - started) - TimeSpan.FromSeconds(2));

        var gaps = AdvertisementGaps(capture, B1.Address4);
        var status = B1.Status();
        Output.WriteLine($"{gaps.Count + 1} adverts captured, longest gap {gaps.Max().TotalMilliseconds:0} ms; {status.ChildOutputLinesDropped} lines dropped");
        Assert.True(gaps.Count >= 50, $"only {gaps.Count + 1} advertisements captured");
        Assert.True(gaps.Max() < 3 * Fast, $"longest gap between advertisements {gaps.Max().TotalMilliseconds:0} ms\n{Logs()}");
        Assert.Equal("master", B1.VrrpState());
        Assert.Equal(transitions, B2.Status().Vrrp[0].Transitions);

        // The flood was read (yes writes far more than the limit) and only the limit's worth was logged.
        Assert.True(status.ChildOutputLinesDropped > 10_000, $"{status.ChildOutputLinesDropped} lines dropped");
        var logged = B1.Appliance!.Log().Split('\n').Count(l => l.Contains(FloodLine, StringComparison.Ordinal));
        Assert.InRange(logged, 1, 200 + (12 * 100));
        Assert.Contains("prints more than 100 lines a second; dropping lines", B1.Appliance.Log(), StringComparison.Ordinal);
        var text = Cmd.Run(Lab.ApplianceBinary, "status", "--socket", B1.ControlSocket).StandardOutput;
        Assert.Matches(@"children's output: \d+ lines dropped \(rate limit\)", text);
    }

    [RootFact]
    public void Garbage_VRRP_from_a_third_namespace_for_ten_seconds_costs_no_advertisement_and_is_counted_by_reason()
    {
        var settings = new PairSettings { AdvertInterval = Fast };
        StartAppliances(settings, 200, 100);
        WaitForState(B1, "master", TimeSpan.FromSeconds(5));
        WaitForState(B2, "backup", TimeSpan.FromSeconds(5));
        var transitions = B2.Status().Vrrp[0].Transitions;
        using var capture = Lab.Capture(B2.Namespace, "ip proto 112");
        using var injector = new PacketInjector(Lab.Client);

        // Protocol 112, TTL 255, to the master's own address (the backup's share of a multicast flood would only
        // load the same two cores): each fails a different check (checksum, version, anything). Paced at about
        // 10,000 a second, 1,000 per advertisement interval: a flood for the loop, not a test of the test machine.
        var badChecksum = PacketInjector.Advertisement(51, 254, B1.Address4);
        badChecksum[27] ^= 0x55;
        var badVersion = PacketInjector.Advertisement(51, 254, B1.Address4);
        badVersion[20] = 0x71;
        var random = new Random(112);
        var sent = 0L;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < FloodFor)
        {
            for (var i = 0; i < 33; i++)
            {
                var noise = PacketInjector.Advertisement(51, 254, B1.Address4);
                random.NextBytes(noise.AsSpan(20));
                foreach (var packet in new[] { badChecksum, badVersion, noise })
                {
                    injector.Send(packet, B1.Address4);
                    sent++;
                }
            }

            Thread.Sleep(10);
        }

        var gaps = AdvertisementGaps(capture, B1.Address4);
        var dropped = B1.Status().Vrrp[0].Counters.Dropped;
        Output.WriteLine($"{sent} garbage packets sent; {gaps.Count + 1} adverts captured, longest gap {gaps.Max().TotalMilliseconds:0} ms; drops: {string.Join(", ", dropped)}");
        Assert.True(gaps.Count >= 50, $"only {gaps.Count + 1} advertisements captured");
        Assert.True(gaps.Max() < 3 * Fast, $"longest gap between advertisements {gaps.Max().TotalMilliseconds:0} ms\n{Logs()}");
        Assert.Equal("master", B1.VrrpState());
        Assert.Equal(transitions, B2.Status().Vrrp[0].Transitions);
        Assert.True(dropped.GetValueOrDefault("bad_checksum") > 10_000, string.Join(", ", dropped));
        Assert.True(dropped.GetValueOrDefault("unsupported_version") > 10_000, string.Join(", ", dropped));
    }

    /// <summary>The time between consecutive advertisements from <paramref name="source"/>, from the capture.</summary>
    private static List<TimeSpan> AdvertisementGaps(Capture capture, IPAddress source)
    {
        var times = capture.Decode($"ip.src == {source} && vrrp", "frame.time_epoch")
            .Select(f => double.Parse(f[0], CultureInfo.InvariantCulture)).Order().ToArray();
        Assert.True(times.Length >= 2, $"{times.Length} advertisements from {source} captured");
        return times.Zip(times.Skip(1), (a, b) => TimeSpan.FromSeconds(b - a)).ToList();
    }
}
