using System.Diagnostics;

namespace Appliance.Lab.Probe;

/// <summary>
/// What the client saw, attempt by attempt. The outage of an event is the gap around it: from the last answer
/// before the event to the first answer after it (on a busy or shared machine the longest gap of a run is mostly
/// noise that has nothing to do with the event).
/// </summary>
public sealed class Timeline
{
    private readonly List<Attempt> _attempts = [];

    public int Count
    {
        get
        {
            lock (_attempts)
            {
                return _attempts.Count;
            }
        }
    }

    public void Add(Attempt attempt)
    {
        lock (_attempts)
        {
            _attempts.Add(attempt);
        }
    }

    public IReadOnlyList<Attempt> Snapshot()
    {
        lock (_attempts)
        {
            return [.. _attempts];
        }
    }

    public static long Now() => Stopwatch.GetTimestamp();

    /// <summary>
    /// The outage an event caused: the longest gap between consecutive answers, from the last answer before the
    /// event to the first answer at or after <paramref name="settled"/> (when the expected box was serving again).
    /// Actions take a few milliseconds to bite (spawning `ip`, a signal's delivery), so answers right after the
    /// event time can still come from the old state; the longest gap in the window is the outage.
    /// </summary>
    public Outage GapAround(long eventTime, long settled)
    {
        var answers = Snapshot().Where(a => a.Ok).OrderBy(a => a.End).ToArray();
        var first = Array.FindLastIndex(answers, a => a.End <= eventTime);
        var last = Array.FindIndex(answers, a => a.End >= settled);
        if (first < 0 || last < 0 || last < first)
        {
            return new Outage(eventTime, null, null, 0, null, null);
        }

        var (before, after) = (answers[first], answers[first]);
        for (var i = first + 1; i <= last; i++)
        {
            if (answers[i].End - answers[i - 1].End > after.End - before.End)
            {
                (before, after) = (answers[i - 1], answers[i]);
            }
        }

        var failed = Snapshot().Count(a => !a.Ok && a.End > before.End && a.End < after.End);
        // Who served is told by the ends of the window, not by the longest gap: in a handover without an outage
        // the longest gap may well fall between two answers of the same box.
        return new Outage(eventTime, before, after, failed, answers[first].Detail, answers[last].Detail);
    }

    /// <summary>
    /// When the client was served again after an event: the first answer after the last failure between the event
    /// and <paramref name="until"/>, or the first answer after the event when nothing failed. Same-box recoveries
    /// (nginx restarted in place) have no change of box to wait for; this is their end of the outage window.
    /// </summary>
    public long Settled(long eventTime, long until)
    {
        var attempts = Snapshot();
        var lastFailure = attempts.Where(a => !a.Ok && a.End > eventTime && a.End <= until).Select(a => (long?)a.End).Max();
        var after = lastFailure ?? eventTime;
        var answer = attempts.Where(a => a.Ok && a.End > after).Select(a => (long?)a.End).Min();
        return answer ?? until;
    }

    /// <summary>The first answer after <paramref name="since"/> from a box whose page matches, within the timeout.</summary>
    public Attempt? WaitForAnswer(long since, Func<Attempt, bool> match, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var found = Snapshot().FirstOrDefault(a => a.Ok && a.End > since && match(a));
            if (found.Ok)
            {
                return found;
            }

            Thread.Sleep(5);
        }

        return null;
    }

    public TimeSpan LongestGap(long from, long to)
    {
        var answers = Snapshot().Where(a => a.Ok && a.End >= from && a.End <= to).Select(a => a.End).Order().ToArray();
        var longest = 0L;
        for (var i = 1; i < answers.Length; i++)
        {
            longest = Math.Max(longest, answers[i] - answers[i - 1]);
        }

        return TimeSpan.FromTicks(longest / 100);
    }

    public int Failures(long from, long to) => Snapshot().Count(a => !a.Ok && a.End >= from && a.End <= to);

    /// <summary>The transitions the client saw: who answered, and what failed in between, as an operator reads it.</summary>
    public IEnumerable<string> Describe(long origin)
    {
        string? last = null;
        var runStart = 0L;
        var runCount = 0;
        foreach (var a in Snapshot())
        {
            var what = a.Ok ? $"served by {a.Detail}" : $"failed: {a.Detail}";
            if (what != last)
            {
                if (last is not null)
                {
                    yield return $"  {Ms(runStart - origin),9} ms  {last} (x{runCount})";
                }

                last = what;
                runStart = a.End;
                runCount = 0;
            }

            runCount++;
        }

        if (last is not null)
        {
            yield return $"  {Ms(runStart - origin),9} ms  {last} (x{runCount})";
        }
    }

    private static string Ms(long nanoseconds) => (nanoseconds / 1e6).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// The client's outage around one event: the longest gap between answers (<see cref="LastBefore"/> and
/// <see cref="FirstAfter"/> are its ends) and the failures inside it; <see cref="ServedBefore"/> and
/// <see cref="ServedAfter"/> name who answered at the event and once things settled.
/// </summary>
public readonly record struct Outage(long EventTime, Attempt? LastBefore, Attempt? FirstAfter, int FailedAttempts, string? ServedBefore, string? ServedAfter)
{
    public TimeSpan? Gap => LastBefore is { } b && FirstAfter is { } a ? TimeSpan.FromTicks((a.End - b.End) / 100) : null;

    public override string ToString() =>
        Gap is { } gap
            ? $"gap {gap.TotalMilliseconds:0.0} ms ({FailedAttempts} failed requests), {ServedBefore} -> {ServedAfter}"
            : "no answer on one side of the event";
}
