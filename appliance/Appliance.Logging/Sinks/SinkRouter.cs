using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;

namespace Appliance.Logging.Sinks;

/// <summary>The queued sinks in use now; replaced as a whole on reconfiguration.</summary>
internal sealed record SinkSet(QueuedSink? Syslog, QueuedSink? Remote, QueuedSink? Console)
{
    public static SinkSet Empty { get; } = new(null, null, null);

    public IEnumerable<QueuedSink> All
    {
        get
        {
            if (Syslog is not null)
            {
                yield return Syslog;
            }
            if (Remote is not null)
            {
                yield return Remote;
            }
            if (Console is not null)
            {
                yield return Console;
            }
        }
    }
}

/// <summary>
/// The one sink Serilog knows: the ring first, then the current queued sinks. Swapping the set is one volatile
/// write, so a live reconfiguration never pauses a caller and the ring is never rebuilt.
/// </summary>
internal sealed class SinkRouter(LogRing ring) : ILogEventSink
{
    private volatile SinkSet _sinks = SinkSet.Empty;

    public SinkSet Sinks
    {
        get => _sinks;
        set => _sinks = value;
    }

    public void Emit(LogEvent logEvent) => Emit(logEvent, except: null);

    /// <summary>A sink's report about itself goes everywhere but back into that sink's own queue.</summary>
    public void EmitFrom(QueuedSink origin, LogEvent report) => Emit(report, origin);

    private void Emit(LogEvent logEvent, QueuedSink? except)
    {
        try
        {
            ring.Add(logEvent);
        }
        catch (Exception e)
        {
            SelfLog.WriteLine("log ring: {0}", e);
        }
        var sinks = _sinks;
        Forward(sinks.Syslog, logEvent, except);
        Forward(sinks.Remote, logEvent, except);
        Forward(sinks.Console, logEvent, except);
    }

    private static void Forward(QueuedSink? sink, LogEvent logEvent, QueuedSink? except)
    {
        if (sink is not null && sink != except)
        {
            sink.Emit(logEvent);
        }
    }
}
