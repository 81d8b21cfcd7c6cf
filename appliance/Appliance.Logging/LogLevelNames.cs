using Serilog.Events;

namespace Appliance.Logging;

/// <summary>The level names of the configuration file's <c>[log] level</c> key.</summary>
public static class LogLevelNames
{
    public const string Expected = "verbose, debug, information, warning, error, fatal";

    public static bool TryParse(string? text, out LogEventLevel level, out string? reason)
    {
        level = LogEventLevel.Information;
        reason = null;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "verbose": level = LogEventLevel.Verbose; return true;
            case "debug": level = LogEventLevel.Debug; return true;
            case "information": level = LogEventLevel.Information; return true;
            case "warning": level = LogEventLevel.Warning; return true;
            case "error": level = LogEventLevel.Error; return true;
            case "fatal": level = LogEventLevel.Fatal; return true;
            default:
                reason = $"unknown log level '{text}'; expected one of {Expected}";
                return false;
        }
    }

    public static string Format(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => "verbose",
        LogEventLevel.Debug => "debug",
        LogEventLevel.Information => "information",
        LogEventLevel.Warning => "warning",
        LogEventLevel.Error => "error",
        _ => "fatal",
    };
}
