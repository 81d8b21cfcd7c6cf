using Appliance.Vrrp.Router;
using Appliance.Vrrp.Wire;

namespace Appliance.Vrrp.Tests.Router;

public sealed class VrrpTimingTests
{
    [Theory]
    // RFC 9568 6.1: Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256.
    [InlineData(100, 1000, 609.375, 3609.375)]
    [InlineData(150, 100, 41.40625, 341.40625)]
    [InlineData(254, 1000, 7.8125, 3007.8125)]
    [InlineData(1, 1000, 996.09375, 3996.09375)]
    [InlineData(200, 10, 2.1875, 32.1875)]
    [InlineData(100, 40950, 24953.90625, 147803.90625)]
    public void V3_skew_and_master_down_interval_follow_RFC_9568(int priority, int intervalMs, double skewMs, double downMs)
    {
        var interval = TimeSpan.FromMilliseconds(intervalMs);

        Assert.Equal(skewMs, VrrpTiming.SkewTime(VrrpVersion.V3, (byte)priority, interval).TotalMilliseconds, 3);
        Assert.Equal(downMs, VrrpTiming.MasterDownInterval(VrrpVersion.V3, (byte)priority, interval).TotalMilliseconds, 3);
    }

    [Theory]
    // RFC 3768 6.1: Skew_Time = (256 - Priority) / 256 seconds, whatever the interval.
    [InlineData(100, 1, 609.375, 3609.375)]
    [InlineData(100, 3, 609.375, 9609.375)]
    [InlineData(254, 10, 7.8125, 30007.8125)]
    public void V2_skew_is_independent_of_the_interval(int priority, int intervalSeconds, double skewMs, double downMs)
    {
        var interval = TimeSpan.FromSeconds(intervalSeconds);

        Assert.Equal(skewMs, VrrpTiming.SkewTime(VrrpVersion.V2, (byte)priority, interval).TotalMilliseconds, 3);
        Assert.Equal(downMs, VrrpTiming.MasterDownInterval(VrrpVersion.V2, (byte)priority, interval).TotalMilliseconds, 3);
    }

    [Fact]
    public void A_higher_priority_always_waits_less()
    {
        for (var p = 1; p < 254; p++)
        {
            Assert.True(VrrpTiming.SkewTime(VrrpVersion.V3, (byte)(p + 1), TimeSpan.FromMilliseconds(10))
                < VrrpTiming.SkewTime(VrrpVersion.V3, (byte)p, TimeSpan.FromMilliseconds(10)));
        }
    }

    [Fact]
    public void Options_refuse_intervals_the_versions_cannot_carry()
    {
        var options = RouterHarness.Options();
        Assert.Throws<ArgumentException>(() => new VirtualRouter(options with { AdvertisementInterval = TimeSpan.FromMilliseconds(5) }));
        Assert.Throws<ArgumentException>(() => new VirtualRouter(options with { AdvertisementInterval = TimeSpan.FromMilliseconds(1005) }));
        Assert.Throws<ArgumentException>(() => new VirtualRouter(options with { Version = VrrpVersion.V2, AdvertisementInterval = TimeSpan.FromMilliseconds(500) }));
        Assert.Throws<ArgumentException>(() => new VirtualRouter(options with { VirtualAddresses = [] }));
        Assert.Throws<ArgumentException>(() => new VirtualRouter(options with { VirtualRouterId = 0 }));
        Assert.Throws<ArgumentException>(() => new VirtualRouter(options with { Priority = 0 }));
        _ = new VirtualRouter(options with { AdvertisementInterval = TimeSpan.FromMilliseconds(10) });
        _ = new VirtualRouter(options with { AdvertisementInterval = TimeSpan.FromMilliseconds(40950) });
    }
}
