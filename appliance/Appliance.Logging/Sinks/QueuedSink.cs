using System.Diagnostics;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;

namespace Appliance.Logging.Sinks;

/// <summary>
/// A sink that never blocks its caller: <see cref="Emit"/> puts the event into a bounded queue (full: the new
/// event is dropped and counted) and one background thread encodes and sends. When the transport goes down the
/// thread keeps the event it was sending, holds the queue and reopens after a pause that doubles from
/// <see cref="SinkTiming.ReconnectInitial"/> to <see cref="SinkTiming.ReconnectMax"/>; it reopens at once only
/// after a connection that delivered something, so a peer that accepts connections but refuses every message
/// cannot make it spin.
/// </summary>
internal sealed class QueuedSink : ILogEventSink, IDisposable
{
    private readonly BoundedQueue<LogEvent> _queue;
    private readonly IMessageTransport _transport;
    private readonly IEventEncoder _encoder;
    private readonly SinkTiming _timing;
    private readonly LogEventLevel _minimumLevel;
    private readonly Action<QueuedSink, LogEvent>? _observer;
    private readonly Thread _thread;
    private long _flushDeadline = long.MaxValue;

    // Owned by the sender thread.
    private bool _connected;
    private bool _deliveredSinceOpen;
    private TimeSpan _retryDelay;
    private bool _down;
    private long _downSince;
    private long _reportedDrops;
    private long _nextDropReport;

    /// <param name="observer">Receives the sink's reports about itself (drops, outages) to show them elsewhere.</param>
    public QueuedSink(
        IMessageTransport transport,
        IEventEncoder encoder,
        int capacity,
        SinkCounters counters,
        SinkTiming timing,
        LogEventLevel minimumLevel = LogEventLevel.Verbose,
        Action<QueuedSink, LogEvent>? observer = null)
    {
        _transport = transport;
        _encoder = encoder;
        _queue = new BoundedQueue<LogEvent>(capacity);
        Counters = counters;
        _timing = timing;
        _minimumLevel = minimumLevel;
        _observer = observer;
        // The thread inherits the creating thread's namespaces: sockets it opens live in the creator's netns.
        _thread = new Thread(Run) { IsBackground = true, Name = "log-sender" };
        _thread.Start();
    }

    public string Name => _transport.Name;

    public SinkCounters Counters { get; }

    public int Capacity => _queue.Capacity;

    public bool IsRunning => _thread.IsAlive;

    public void Emit(LogEvent logEvent)
    {
        if (logEvent.Level < _minimumLevel)
        {
            return;
        }
        if (_queue.TryEnqueue(logEvent))
        {
            Counters.AddAccepted();
        }
        else
        {
            Counters.AddDropped();
        }
    }

    /// <summary>Stops taking events; the thread drains what it holds within the flush timeout, then closes.</summary>
    public void Retire()
    {
        Interlocked.CompareExchange(ref _flushDeadline, Stopwatch.GetTimestamp() + Ticks(_timing.FlushTimeout), long.MaxValue);
        _queue.Complete();
    }

    public bool Join(TimeSpan timeout) => _thread.Join(timeout);

    public void Dispose()
    {
        Retire();
        // A transport stuck in a blocking write (a tty in XOFF) is abandoned: the thread is a background thread.
        _thread.Join(_timing.FlushTimeout + TimeSpan.FromSeconds(1));
    }

    private void Run()
    {
        var buffer = new byte[_transport.MaxMessageBytes];
        LogEvent? pending = null;
        while (!ShouldExit(pending))
        {
            try
            {
                if (!_connected)
                {
                    if (_retryDelay > TimeSpan.Zero)
                    {
                        Pause(_retryDelay);
                        if (ShouldExit(pending))
                        {
                            break;
                        }
                    }
                    if (!Open(buffer))
                    {
                        continue;
                    }
                }
                ReportDrops(buffer);
                if (!_connected)
                {
                    continue;
                }
                pending ??= _queue.TryDequeue(DequeueTimeout());
                if (pending is not null && Deliver(pending, buffer))
                {
                    pending = null;
                }
            }
            catch (Exception e)
            {
                // A bug in an encoder or transport must cost one event, never the process; the reopen goes through
                // the back-off so that an exception that repeats cannot turn this loop into a busy one.
                SelfLog.WriteLine("log sink {0}: unexpected failure: {1}", Name, e);
                Counters.SetLastFailure($"unexpected {e.GetType().Name}: {e.Message}");
                if (pending is not null)
                {
                    Counters.AddFailed();
                    pending = null;
                }
                _transport.Close();
                _connected = false;
                Counters.ClearConnected(this);
                _retryDelay = NextDelay(_retryDelay);
            }
        }
        _transport.Close();
        _transport.Dispose();
        Counters.ClearConnected(this);
    }

    private bool Open(byte[] buffer)
    {
        if (!_transport.TryOpen(out string? failure))
        {
            Counters.AddOpenFailure();
            Counters.SetLastFailure(failure ?? "cannot open");
            _retryDelay = NextDelay(_retryDelay);
            BeginOutage(failure ?? "cannot open");
            return false;
        }
        _connected = true;
        _deliveredSinceOpen = false;
        Counters.AddOpen();
        Counters.SetConnected(this);
        if (_down)
        {
            _down = false;
            var back = SinkReports.Back(Name, Stopwatch.GetElapsedTime(_downSince));
            Observe(back);
            SendReport(back, buffer);
        }
        return true;
    }

    /// <summary>True when the event is finished with (sent, or refused for good); false to keep it.</summary>
    private bool Deliver(LogEvent logEvent, byte[] buffer)
    {
        int length = _encoder.Encode(logEvent, buffer);
        switch (_transport.Send(buffer.AsSpan(0, length), out string? failure))
        {
            case SendOutcome.Sent:
                Counters.AddSent();
                _deliveredSinceOpen = true;
                _retryDelay = TimeSpan.Zero;
                return true;
            case SendOutcome.Rejected:
                SelfLog.WriteLine("log sink {0}: message refused: {1}", Name, failure);
                Counters.SetLastFailure(failure ?? "refused");
                Counters.AddFailed();
                return true;
            case SendOutcome.Busy:
                Counters.SetLastFailure(failure ?? "busy");
                // The send already waited for the transport's timeout; the pause guards against one that does not.
                Pause(_timing.ReconnectInitial);
                return false;
            default:
                MarkDown(failure ?? "down");
                return false;
        }
    }

    private void SendReport(LogEvent report, byte[] buffer)
    {
        int length = _encoder.Encode(report, buffer);
        if (_transport.Send(buffer.AsSpan(0, length), out string? failure) == SendOutcome.Down)
        {
            MarkDown(failure ?? "down");
        }
    }

    private void MarkDown(string reason)
    {
        Counters.SetLastFailure(reason);
        _transport.Close();
        _connected = false;
        Counters.ClearConnected(this);
        Counters.AddOutage();
        _retryDelay = _deliveredSinceOpen ? TimeSpan.Zero : NextDelay(_retryDelay);
        BeginOutage(reason);
    }

    private void BeginOutage(string reason)
    {
        if (_down)
        {
            return;
        }
        _down = true;
        _downSince = Stopwatch.GetTimestamp();
        Observe(SinkReports.Down(Name, reason, Capacity));
    }

    private void ReportDrops(byte[] buffer)
    {
        long dropped = Counters.Dropped;
        if (dropped == _reportedDrops || Stopwatch.GetTimestamp() < _nextDropReport)
        {
            return;
        }
        var report = SinkReports.Dropped(Name, dropped - _reportedDrops, dropped);
        _reportedDrops = dropped;
        _nextDropReport = Stopwatch.GetTimestamp() + Ticks(_timing.DropReportInterval);
        Observe(report);
        SendReport(report, buffer);
    }

    // Sleep while idle; wake up only for a new event, shutdown, or a drop report that falls due.
    private TimeSpan DequeueTimeout()
    {
        if (Counters.Dropped == _reportedDrops)
        {
            return Timeout.InfiniteTimeSpan;
        }
        long due = _nextDropReport - Stopwatch.GetTimestamp();
        return due <= 0 ? TimeSpan.FromMilliseconds(1) : TimeSpan.FromTicks(due * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
    }

    private void Pause(TimeSpan delay)
    {
        if (!_queue.IsCompleted)
        {
            _queue.WaitForCompletion(delay);
            return;
        }
        // Shutting down: completion no longer wakes anyone, so sleep, but not past the flush deadline.
        long left = Volatile.Read(ref _flushDeadline) - Stopwatch.GetTimestamp();
        var sleep = TimeSpan.FromTicks(Math.Min(delay.Ticks, Math.Max(0, left) * TimeSpan.TicksPerSecond / Stopwatch.Frequency));
        if (sleep > TimeSpan.Zero)
        {
            Thread.Sleep(sleep);
        }
    }

    private bool ShouldExit(LogEvent? pending) =>
        _queue.IsCompleted
        && ((pending is null && _queue.Count == 0) || Stopwatch.GetTimestamp() >= Volatile.Read(ref _flushDeadline));

    private TimeSpan NextDelay(TimeSpan delay) =>
        delay <= TimeSpan.Zero ? _timing.ReconnectInitial : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _timing.ReconnectMax.Ticks));

    private void Observe(LogEvent report)
    {
        try
        {
            _observer?.Invoke(this, report);
        }
        catch (Exception e)
        {
            SelfLog.WriteLine("log sink {0}: report observer failed: {1}", Name, e);
        }
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
