namespace Appliance.Supervisor.Processes;

/// <summary>What to do with one line a child printed.</summary>
internal enum LineVerdict
{
    /// <summary>Log it.</summary>
    Log,

    /// <summary>Log it, after a note that <see cref="OutputRateLimit.DroppedInGap"/> lines were dropped before it.</summary>
    LogAfterDrops,

    /// <summary>The first line over the rate: drop it and say once that dropping has begun.</summary>
    StartDropping,

    /// <summary>Drop it silently (counted).</summary>
    Drop,
}

/// <summary>
/// A token bucket on the lines of one child: a burst of <see cref="Burst"/> lines, then <see cref="PerSecond"/> a
/// second. Pure: time comes in as <c>now</c>, on any monotonic scale. A child that prints without pause would
/// otherwise fill the log's sinks, the box's storage and the ring of recent lines that holds the transitions.
/// </summary>
internal sealed class OutputRateLimit
{
    public const int Burst = 200;
    public const int PerSecond = 100;
    private double _tokens = Burst;
    private TimeSpan? _last;
    private bool _dropping;

    /// <summary>Lines dropped over the child's life.</summary>
    public long Dropped { get; private set; }

    /// <summary>Lines dropped since the last line that was logged; read with <see cref="LineVerdict.LogAfterDrops"/>.</summary>
    public long DroppedInGap { get; private set; }

    public LineVerdict Offer(TimeSpan now)
    {
        if (_last is { } last && now > last)
        {
            _tokens = Math.Min(Burst, _tokens + ((now - last).TotalSeconds * PerSecond));
        }

        _last = now;
        if (_tokens >= 1)
        {
            _tokens--;
            if (!_dropping)
            {
                DroppedInGap = 0;
                return LineVerdict.Log;
            }

            _dropping = false;
            return LineVerdict.LogAfterDrops;
        }

        Dropped++;
        if (_dropping)
        {
            DroppedInGap++;
            return LineVerdict.Drop;
        }

        _dropping = true;
        DroppedInGap = 1;
        return LineVerdict.StartDropping;
    }
}
