using Appliance.Logging.Sinks;
using Serilog;
using Serilog.Core;

namespace Appliance.Logging;

/// <summary>
/// Builds the appliance's Serilog pipeline in code: the in-memory ring always; RFC 5424 syslog to a unix socket
/// and/or a UDP collector; compact console lines. Every sink but the ring sits behind a bounded queue with its
/// own sender thread, so logging from the VRRP event loop never waits for a socket or a terminal.
/// </summary>
public static class ApplianceLogging
{
    public static (ILogger Logger, LoggingHandles Handles) Create(LogSettings settings) => Create(settings, SinkTiming.Default);

    internal static (ILogger Logger, LoggingHandles Handles) Create(LogSettings settings, SinkTiming timing)
    {
        Validate(settings);
        var ring = new LogRing(settings.RingCapacity);
        var router = new SinkRouter(ring);
        var levelSwitch = new LoggingLevelSwitch(settings.Level);
        var logger = new LoggerConfiguration()
            .MinimumLevel.ControlledBy(levelSwitch)
            .WriteTo.Sink(router)
            .CreateLogger();
        var handles = new LoggingHandles(logger, levelSwitch, ring, router, timing);
        handles.Reconfigure(settings);
        return (logger, handles);
    }

    internal static void Validate(LogSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.QueueCapacity, 1, nameof(settings.QueueCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.RingCapacity, 1, nameof(settings.RingCapacity));
        if (settings.Facility is < SyslogFacility.Kern or > SyslogFacility.Local7)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.Facility, "RFC 5424 facilities are 0 to 23");
        }
    }
}
