using Appliance.Vrrp.Wire;

namespace Appliance.Vrrp.Router;

/// <summary>The timer formulas of RFC 9568 6.1 and RFC 3768 6.1.</summary>
public static class VrrpTiming
{
    /// <summary>
    /// v3: <c>((256 - Priority) * Master_Adver_Interval) / 256</c>; v2: <c>(256 - Priority) / 256</c> seconds.
    /// A higher priority waits less, so the best backup wins without an election.
    /// </summary>
    public static TimeSpan SkewTime(VrrpVersion version, byte priority, TimeSpan masterAdverInterval)
    {
        var scale = version == VrrpVersion.V2 ? TimeSpan.TicksPerSecond : masterAdverInterval.Ticks;
        return TimeSpan.FromTicks((256 - priority) * scale / 256);
    }

    /// <summary><c>3 * Master_Adver_Interval + Skew_Time</c>: three advertisements may be lost before a backup takes over.</summary>
    public static TimeSpan MasterDownInterval(VrrpVersion version, byte priority, TimeSpan masterAdverInterval) =>
        (3 * masterAdverInterval) + SkewTime(version, priority, masterAdverInterval);
}
