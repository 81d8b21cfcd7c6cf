using Appliance.Logging.Tests.Support;
using Serilog.Events;

namespace Appliance.Logging.Tests;

public sealed class LogRingTests
{
    [Fact]
    public void Keeps_the_newest_lines_in_order_with_level_timestamp_and_source()
    {
        var ring = new LogRing(3);
        for (int i = 1; i <= 5; i++)
        {
            ring.Add(Events.Create("line {N}", [("N", i), ("SourceContext", "Appliance.Supervisor.NginxService")], LogEventLevel.Warning));
        }
        var lines = ring.Tail(10);
        Assert.Equal(["line 3", "line 4", "line 5"], lines.Select(l => l.Message));
        Assert.Equal([3L, 4L, 5L], lines.Select(l => l.Sequence));
        Assert.All(lines, l => Assert.Equal(LogEventLevel.Warning, l.Level));
        Assert.All(lines, l => Assert.Equal(Events.Noon, l.Timestamp));
        Assert.Equal("2025-01-02T03:04:05.123+00:00 WRN NginxService: line 5", lines[2].ToString());
        Assert.Equal(["line 4", "line 5"], ring.Tail(2).Select(l => l.Message));
        Assert.Equal(5, ring.LastSequence);
    }

    [Fact]
    public void Since_returns_what_is_new_and_starts_at_the_oldest_kept_after_a_gap()
    {
        var ring = new LogRing(4);
        Assert.Empty(ring.Since(0));
        for (int i = 1; i <= 10; i++)
        {
            ring.Add(Events.Create($"line {i}"));
        }
        Assert.Equal([9L, 10L], ring.Since(8).Select(l => l.Sequence));
        Assert.Equal([7L, 8L, 9L, 10L], ring.Since(2).Select(l => l.Sequence));
        Assert.Equal([7L, 8L], ring.Since(2, maxCount: 2).Select(l => l.Sequence));
        Assert.Empty(ring.Since(10));
    }

    [Fact]
    public void A_huge_message_is_cut_and_an_exception_summarised()
    {
        var ring = new LogRing(2);
        ring.Add(Events.Create(new string('x', 100_000), exception: new InvalidOperationException("broken")));
        var line = ring.Tail(1)[0];
        Assert.Equal(LogRing.MaxMessageChars, line.Message.Length);
        Assert.EndsWith("…", line.Message);
        Assert.Equal("InvalidOperationException: broken", line.Exception);
    }

    [Fact]
    public async Task Concurrent_writers_and_readers_see_consistent_sequences()
    {
        var ring = new LogRing(64);
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var lines = ring.Tail(64);
                for (int i = 1; i < lines.Count; i++)
                {
                    Assert.Equal(lines[i - 1].Sequence + 1, lines[i].Sequence);
                }
            }
        });
        Parallel.For(0, 4, w =>
        {
            for (int i = 0; i < 5000; i++)
            {
                ring.Add(Events.Create("w{W}", [("W", w)]));
            }
        });
        stop.Cancel();
        await reader;
        Assert.Equal(20_000, ring.LastSequence);
        Assert.Equal(64, ring.Tail(1000).Count);
    }
}
