using Appliance.Supervisor.Processes;

namespace Appliance.Supervisor.Tests.Processes;

/// <summary>The per-child line budget on a virtual clock: a burst, then a steady rate, drops counted and reported once.</summary>
public sealed class OutputRateLimitTests
{
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(100);

    [Fact]
    public void A_burst_is_logged_whole_and_the_first_line_over_it_starts_dropping()
    {
        var limit = new OutputRateLimit();
        for (var i = 0; i < OutputRateLimit.Burst; i++)
        {
            Assert.Equal(LineVerdict.Log, limit.Offer(T0));
        }

        Assert.Equal(LineVerdict.StartDropping, limit.Offer(T0));
        Assert.Equal(LineVerdict.Drop, limit.Offer(T0));
        Assert.Equal(LineVerdict.Drop, limit.Offer(T0));
        Assert.Equal(3, limit.Dropped);
    }

    [Fact]
    public void After_a_gap_the_next_line_is_logged_with_the_number_dropped_before_it()
    {
        var limit = new OutputRateLimit();
        for (var i = 0; i < OutputRateLimit.Burst + 5; i++)
        {
            limit.Offer(T0);
        }

        // 10 ms refill one line at 100 a second.
        Assert.Equal(LineVerdict.LogAfterDrops, limit.Offer(T0 + TimeSpan.FromMilliseconds(10)));
        Assert.Equal(5, limit.DroppedInGap);
        Assert.Equal(5, limit.Dropped);
        Assert.Equal(LineVerdict.Log, limit.Offer(T0 + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void A_child_printing_without_pause_for_ten_seconds_gets_the_burst_plus_the_rate_through()
    {
        var limit = new OutputRateLimit();
        var logged = 0;
        var offered = 0;

        // 100,000 lines a second for 10 s, on the virtual clock.
        for (var us = 0; us < 10_000_000; us += 10)
        {
            offered++;
            if (limit.Offer(T0 + TimeSpan.FromMicroseconds(us)) is LineVerdict.Log or LineVerdict.LogAfterDrops)
            {
                logged++;
            }
        }

        Assert.InRange(logged, OutputRateLimit.Burst + (10 * OutputRateLimit.PerSecond) - 2, OutputRateLimit.Burst + (10 * OutputRateLimit.PerSecond) + 1);
        Assert.Equal(offered - logged, limit.Dropped);
    }

    [Fact]
    public void A_quiet_child_never_loses_a_line()
    {
        var limit = new OutputRateLimit();
        for (var i = 0; i < 10_000; i++)
        {
            Assert.Equal(LineVerdict.Log, limit.Offer(T0 + TimeSpan.FromMilliseconds(20 * i)));
        }

        Assert.Equal(0, limit.Dropped);
    }

    [Fact]
    public void A_clock_that_does_not_move_forward_adds_nothing()
    {
        var limit = new OutputRateLimit();
        for (var i = 0; i < OutputRateLimit.Burst; i++)
        {
            limit.Offer(T0);
        }

        Assert.Equal(LineVerdict.StartDropping, limit.Offer(T0 - TimeSpan.FromSeconds(5)));
    }
}
