using Serilog.Events;

namespace Appliance.Logging;

/// <summary>
/// The last <see cref="Capacity"/> events as rendered lines, for the console's "show log" and the control
/// socket. Memory is bounded: a fixed array of lines, each message cut to <see cref="MaxMessageChars"/>.
/// Adding renders on the caller's thread and takes a short lock; it never waits for a reader.
/// </summary>
public sealed class LogRing
{
    public const int MaxMessageChars = 1024;

    private readonly LogLine[] _lines;
    private readonly object _gate = new();
    private long _nextSequence = 1;

    public LogRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _lines = new LogLine[capacity];
    }

    public int Capacity => _lines.Length;

    /// <summary>The sequence number of the newest line; 0 while empty.</summary>
    public long LastSequence
    {
        get
        {
            lock (_gate)
            {
                return _nextSequence - 1;
            }
        }
    }

    /// <summary>The newest <paramref name="count"/> lines (or fewer), oldest first.</summary>
    public IReadOnlyList<LogLine> Tail(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            long first = Math.Max(OldestSequence(), _nextSequence - count);
            return Copy(first, _nextSequence - first);
        }
    }

    /// <summary>
    /// Lines newer than <paramref name="sequence"/>, oldest first, at most <paramref name="maxCount"/>. A client
    /// that fell behind by more than the capacity gets the oldest lines still kept and can tell from the gap.
    /// </summary>
    public IReadOnlyList<LogLine> Since(long sequence, int maxCount = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        lock (_gate)
        {
            long first = Math.Max(OldestSequence(), sequence + 1);
            return Copy(first, Math.Min(maxCount, Math.Max(0, _nextSequence - first)));
        }
    }

    internal void Add(LogEvent logEvent)
    {
        string message = Cap(MessageText.Render(logEvent));
        string source = MessageText.SourceName(logEvent);
        string? exception = logEvent.Exception is null ? null : Cap(MessageText.ExceptionSummary(logEvent.Exception));
        lock (_gate)
        {
            long sequence = _nextSequence++;
            _lines[(sequence - 1) % _lines.Length] = new LogLine(sequence, logEvent.Timestamp, logEvent.Level, source, message, exception);
        }
    }

    private static string Cap(string text)
    {
        if (text.Length <= MaxMessageChars)
        {
            return text;
        }
        int cut = MaxMessageChars - 1;
        // Never split a surrogate pair.
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }
        return string.Concat(text.AsSpan(0, cut), "…");
    }

    private long OldestSequence() => Math.Max(1, _nextSequence - _lines.Length);

    private LogLine[] Copy(long first, long count)
    {
        var copy = new LogLine[count];
        for (long i = 0; i < count; i++)
        {
            copy[i] = _lines[(first + i - 1) % _lines.Length];
        }
        return copy;
    }
}
