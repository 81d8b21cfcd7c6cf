using Appliance.Supervisor.Control;

namespace Appliance.Supervisor.Tests.Control;

/// <summary>One failure counter and lock-out for every console, on a virtual clock.</summary>
public sealed class LoginThrottleTests
{
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(1000);

    [Fact]
    public void Each_failure_doubles_the_wait_of_every_console()
    {
        var throttle = new LoginThrottle();
        var now = T0;
        var delays = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            Assert.Null(throttle.TryBegin(now));
            var delay = throttle.Failed(now);
            delays.Add(delay.TotalSeconds);
            now += delay;
        }

        Assert.Equal([1, 2, 4, 8, 16], delays);
        Assert.Equal(5, throttle.Failures);
    }

    [Fact]
    public void A_try_before_the_wait_is_over_is_refused_with_when_to_come_back()
    {
        var throttle = new LoginThrottle();
        throttle.TryBegin(T0);
        throttle.Failed(T0);
        throttle.TryBegin(T0 + TimeSpan.FromSeconds(1));
        throttle.Failed(T0 + TimeSpan.FromSeconds(1));

        // Another console, 0.5 s later: it waits for the same deadline, and its refusal is no failure.
        Assert.Equal(T0 + TimeSpan.FromSeconds(3), throttle.TryBegin(T0 + TimeSpan.FromSeconds(1.5)));
        Assert.Equal(2, throttle.Failures);
        Assert.Null(throttle.TryBegin(T0 + TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void The_wait_stops_growing_at_five_minutes()
    {
        var throttle = new LoginThrottle();
        var now = T0;
        TimeSpan last = default;
        for (var i = 0; i < 40; i++)
        {
            Assert.Null(throttle.TryBegin(now));
            last = throttle.Failed(now);
            now += last;
        }

        Assert.Equal(LoginThrottle.MaxDelay, last);
        Assert.Equal(TimeSpan.FromMinutes(5), LoginThrottle.MaxDelay);
    }

    [Fact]
    public void A_right_password_clears_the_count_and_the_wait()
    {
        var throttle = new LoginThrottle();
        for (var i = 0; i < 3; i++)
        {
            throttle.TryBegin(T0 + TimeSpan.FromMinutes(i));
            throttle.Failed(T0 + TimeSpan.FromMinutes(i));
        }

        Assert.Null(throttle.TryBegin(T0 + TimeSpan.FromMinutes(3)));
        throttle.Succeeded();

        Assert.Equal(0, throttle.Failures);
        Assert.Null(throttle.TryBegin(T0 + TimeSpan.FromMinutes(3)));
        Assert.Equal(TimeSpan.FromSeconds(1), throttle.Failed(T0 + TimeSpan.FromMinutes(3)));
    }

    [Fact]
    public void Only_one_check_runs_at_a_time()
    {
        var throttle = new LoginThrottle();
        Assert.Null(throttle.TryBegin(T0));

        Assert.Equal(T0 + LoginThrottle.FirstDelay, throttle.TryBegin(T0));
        throttle.Succeeded();
        Assert.Null(throttle.TryBegin(T0));
    }
}
