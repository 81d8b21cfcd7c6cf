namespace Appliance.Vrrp.Router;

/// <summary>
/// The deadlines of one virtual router (quinn-proto's timer table): null when not armed. The owner of the event
/// loop sleeps until <see cref="Next"/> and then delivers <see cref="RouterEvent.TimerExpired"/>.
/// </summary>
public readonly record struct RouterTimers(
    TimeSpan? Advertisement,
    TimeSpan? MasterDown,
    TimeSpan? Announce,
    TimeSpan? Release,
    TimeSpan? Refresh)
{
    public TimeSpan? Next => Min(Min(Min(Advertisement, MasterDown), Min(Announce, Release)), Refresh);

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) =>
        a is null ? b : b is null ? a : (a < b ? a : b);
}
