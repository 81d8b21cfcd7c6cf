using System.Globalization;
using Appliance.Logging.Sinks;
using Appliance.Logging.Syslog;
using Appliance.Logging.Transports;
using Serilog.Core;
using Serilog.Events;

namespace Appliance.Logging;

/// <summary>
/// The live parts of the pipeline built by <see cref="ApplianceLogging.Create"/>: the ring of recent lines, the
/// counters of each queued sink, and <see cref="Reconfigure"/> for a config reload. The logger handed out by
/// Create stays valid across reconfigurations; dispose the handles once, at shutdown, to flush.
/// </summary>
public sealed class LoggingHandles : IDisposable
{
    private readonly Logger _logger;
    private readonly LoggingLevelSwitch _levelSwitch;
    private readonly SinkRouter _router;
    private readonly SinkTiming _timing;
    private readonly List<QueuedSink> _retired = [];
    private readonly object _gate = new();
    private LogSettings? _settings;
    private bool _disposed;

    internal LoggingHandles(Logger logger, LoggingLevelSwitch levelSwitch, LogRing ring, SinkRouter router, SinkTiming timing)
    {
        _logger = logger;
        _levelSwitch = levelSwitch;
        Ring = ring;
        _router = router;
        _timing = timing;
    }

    public LogRing Ring { get; }

    public SinkCounters Syslog { get; } = new("syslog");

    public SinkCounters Remote { get; } = new("remote");

    public SinkCounters Console { get; } = new("console");

    /// <summary>Events dropped by all queued sinks together (queue full).</summary>
    public long Dropped => Syslog.Dropped + Remote.Dropped + Console.Dropped;

    public LogEventLevel MinimumLevel => _levelSwitch.MinimumLevel;

    public LogSettings Settings => _settings ?? throw new InvalidOperationException("not configured yet");

    /// <summary>
    /// Applies new settings without replacing the logger or the ring: the level changes at once; a sink whose
    /// settings changed is replaced (the old one drains in the background for up to 2 s); an unchanged sink keeps
    /// its queue and connection. Sender threads of new sinks start on the calling thread and inherit its network
    /// namespace. <see cref="LogSettings.RingCapacity"/> cannot change here.
    /// </summary>
    public void Reconfigure(LogSettings settings)
    {
        ApplianceLogging.Validate(settings);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var previous = _settings;
            var current = _router.Sinks;
            var next = new SinkSet(
                SameSyslog(previous, settings) ? current.Syslog : BuildSyslog(settings),
                SameRemote(previous, settings) ? current.Remote : BuildRemote(settings),
                SameConsole(previous, settings) ? current.Console : BuildConsole(settings));
            _router.Sinks = next;
            _levelSwitch.MinimumLevel = settings.Level;
            _settings = settings;
            _retired.RemoveAll(sink => !sink.IsRunning);
            foreach (var sink in current.All)
            {
                if (!next.All.Contains(sink))
                {
                    sink.Retire();
                    _retired.Add(sink);
                }
            }
        }
    }

    /// <summary>Stops the pipeline and waits (2 s at most) for the queues to drain. Later events are dropped.</summary>
    public void Dispose()
    {
        List<QueuedSink> stopping;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _logger.Dispose();
            stopping = [.. _router.Sinks.All, .. _retired];
            _router.Sinks = SinkSet.Empty;
        }
        foreach (var sink in stopping)
        {
            sink.Retire();
        }
        // The sinks drain in parallel; one shared deadline bounds shutdown whatever their number.
        var deadline = DateTime.UtcNow + _timing.FlushTimeout + TimeSpan.FromMilliseconds(500);
        foreach (var sink in stopping)
        {
            var left = deadline - DateTime.UtcNow;
            sink.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
    }

    private QueuedSink? BuildSyslog(LogSettings settings) =>
        string.IsNullOrEmpty(settings.SyslogPath)
            ? null
            : new QueuedSink(
                new UnixDatagramTransport(settings.SyslogPath),
                Formatter(settings),
                settings.QueueCapacity,
                Syslog,
                _timing,
                observer: _router.EmitFrom);

    private QueuedSink? BuildRemote(LogSettings settings) =>
        settings.Remote is null
            ? null
            : new QueuedSink(
                settings.Remote.Protocol == SyslogProtocol.Tcp ? new TcpTransport(settings.Remote) : new UdpTransport(settings.Remote),
                Formatter(settings),
                settings.QueueCapacity,
                Remote,
                _timing,
                observer: _router.EmitFrom);

    private QueuedSink? BuildConsole(LogSettings settings) =>
        !settings.Console
            ? null
            : new QueuedSink(
                new ConsoleTransport(string.IsNullOrEmpty(settings.ConsoleDevice) ? null : settings.ConsoleDevice),
                new ConsoleLineFormatter(priorityPrefix: string.IsNullOrEmpty(settings.ConsoleDevice) && JournalStream.IsStandardError()),
                settings.QueueCapacity,
                Console,
                _timing,
                settings.ConsoleLevel,
                _router.EmitFrom);

    private static Rfc5424Formatter Formatter(LogSettings settings) => new(
        settings.Facility,
        string.IsNullOrEmpty(settings.Hostname) ? Environment.MachineName : settings.Hostname,
        settings.AppName,
        Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

    private static bool SameHeader(LogSettings previous, LogSettings next) =>
        previous.Hostname == next.Hostname
        && previous.AppName == next.AppName
        && previous.Facility == next.Facility
        && previous.QueueCapacity == next.QueueCapacity;

    private static bool SameSyslog(LogSettings? previous, LogSettings next) =>
        previous is not null && previous.SyslogPath == next.SyslogPath && SameHeader(previous, next);

    private static bool SameRemote(LogSettings? previous, LogSettings next) =>
        previous is not null && previous.Remote == next.Remote && SameHeader(previous, next);

    private static bool SameConsole(LogSettings? previous, LogSettings next) =>
        previous is not null
        && previous.Console == next.Console
        && previous.ConsoleDevice == next.ConsoleDevice
        && previous.ConsoleLevel == next.ConsoleLevel
        && previous.QueueCapacity == next.QueueCapacity;
}
