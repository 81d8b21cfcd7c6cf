using Appliance.Lab.Probe;
using Xunit.Abstractions;

namespace Appliance.Image.Tests.Infrastructure;

/// <summary>
/// A pair's planned stop, as its client sees it: box1 (the higher priority) serves the VIP steadily, is stopped in
/// order (`docker stop`, `systemctl stop`), and box2 takes over without a refused request.
/// </summary>
internal static class OrderlyHandover
{
    // Master_Down_Interval and Skew_Time do not apply: a master that is stopped advertises priority 0 and keeps the
    // VIP until it hears its successor (make-before-break). The bound is for a loaded machine, not for the protocol.
    public static readonly TimeSpan Bound = TimeSpan.FromMilliseconds(250);

    public static async Task Check(TimelineSink sink, string how, Func<Task> stopBox1, ITestOutputHelper output)
    {
        var timeline = sink.Timeline;
        var first = timeline.WaitForAnswer(0, a => a.Detail == "box1", TimeSpan.FromSeconds(10))
            ?? throw new Xunit.Sdk.XunitException($"box1 (priority 200) never served the VIP:\n{Describe(timeline, 0)}\n{sink.Errors}");
        Thread.Sleep(1000);
        Assert.Equal(0, timeline.Failures(first.End, Timeline.Now()));

        var stop = Timeline.Now();
        await stopBox1();
        var served = timeline.WaitForAnswer(stop, a => a.Detail == "box2", TimeSpan.FromSeconds(5))
            ?? throw new Xunit.Sdk.XunitException($"box2 never served the VIP after box1 stopped:\n{Describe(timeline, stop)}");
        Thread.Sleep(500);

        var outage = timeline.GapAround(stop, served.End);
        output.WriteLine($"{how} of the master: {outage}");
        output.WriteLine(Describe(timeline, stop));
        // No request is refused: the old master serves until the new one is master. The one request whose connection
        // straddles the moment the client's ARP entry moves to the new master can be reset (its next packets reach a
        // box that never saw its handshake), the same allowance as the namespace lab's switchover test.
        var failures = timeline.Snapshot().Where(a => a.End > stop && !a.Ok).ToList();
        Assert.True(outage.Gap < Bound, $"the client saw {outage}; bound {Bound.TotalMilliseconds} ms");
        Assert.True(failures.Count <= 1 && failures.All(a => !a.Detail.Contains("refused", StringComparison.Ordinal)),
            $"failed requests after the stop: {string.Join("; ", failures.Select(a => a.Detail))}");
        Assert.True(timeline.LongestGap(stop, Timeline.Now()) < Bound, $"longest gap {timeline.LongestGap(stop, Timeline.Now())}");
    }

    private static string Describe(Timeline timeline, long origin) => string.Join('\n', timeline.Describe(origin));
}
