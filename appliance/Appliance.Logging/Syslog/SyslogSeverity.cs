using Serilog.Events;

namespace Appliance.Logging.Syslog;

/// <summary>RFC 5424 6.2.1 table 2.</summary>
internal enum SyslogSeverity
{
    Emergency = 0,
    Alert = 1,
    Critical = 2,
    Error = 3,
    Warning = 4,
    Notice = 5,
    Informational = 6,
    Debug = 7,
}

internal static class SyslogSeverities
{
    // Fatal is "critical", not "emergency": emergency means the system is unusable and makes syslogd wall every tty.
    public static SyslogSeverity FromLevel(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => SyslogSeverity.Debug,
        LogEventLevel.Debug => SyslogSeverity.Debug,
        LogEventLevel.Information => SyslogSeverity.Informational,
        LogEventLevel.Warning => SyslogSeverity.Warning,
        LogEventLevel.Error => SyslogSeverity.Error,
        _ => SyslogSeverity.Critical,
    };
}
