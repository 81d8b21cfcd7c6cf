using Serilog.Events;

namespace Appliance.Logging;

/// <summary>
/// What the logging pipeline needs, independent of how the configuration file spells it: the lead maps the
/// <c>[log]</c> section (and <c>[system] hostname</c>) onto this record.
/// </summary>
public sealed record LogSettings
{
    /// <summary>Minimum level of the whole pipeline; changes apply live through <see cref="LoggingHandles.Reconfigure"/>.</summary>
    public LogEventLevel Level { get; init; } = LogEventLevel.Information;

    /// <summary>Local syslog unix datagram socket; null or empty disables the sink.</summary>
    public string? SyslogPath { get; init; } = "/dev/log";

    /// <summary>Remote collector over UDP; null disables the sink.</summary>
    public SyslogRemote? Remote { get; init; }

    /// <summary>Write compact lines to a console (standard error, or <see cref="ConsoleDevice"/>).</summary>
    public bool Console { get; init; } = true;

    /// <summary>
    /// When set (for example <c>/dev/console</c> when running as PID 1), console lines go to this device, opened
    /// with O_NOCTTY so that it never becomes our controlling terminal; when null they go to standard error.
    /// </summary>
    public string? ConsoleDevice { get; init; }

    /// <summary>Extra minimum level for the console only: a 9600-baud serial line cannot carry debug chatter.</summary>
    public LogEventLevel ConsoleLevel { get; init; } = LogEventLevel.Verbose;

    /// <summary>RFC 5424 HOSTNAME; null takes the machine's host name when the sinks are built.</summary>
    public string? Hostname { get; init; }

    /// <summary>RFC 5424 APP-NAME.</summary>
    public string AppName { get; init; } = "appliance";

    public SyslogFacility Facility { get; init; } = SyslogFacility.Daemon;

    /// <summary>Events each queued sink holds while its transport is slow or down; beyond it new events are dropped and counted.</summary>
    public int QueueCapacity { get; init; } = 1024;

    /// <summary>Lines kept in memory for the console and the control socket; fixed when the pipeline is created.</summary>
    public int RingCapacity { get; init; } = 512;
}
