using System.Globalization;
using Serilog.Events;

namespace Appliance.Logging;

/// <summary>One rendered event kept in the <see cref="LogRing"/>.</summary>
/// <param name="Sequence">1 for the first line ever added, then one more per line; lets a client ask for what is new.</param>
/// <param name="Source">The short source name ("VirtualRouter"), empty when none.</param>
/// <param name="Exception">"IOException: disk full" when the event carried an exception.</param>
public readonly record struct LogLine(
    long Sequence,
    DateTimeOffset Timestamp,
    LogEventLevel Level,
    string Source,
    string Message,
    string? Exception)
{
    /// <summary>"2025-01-02T03:04:05.123+00:00 INF VirtualRouter: web backup -> master: ... (IOException: ...)"</summary>
    public override string ToString()
    {
        string time = Timestamp.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
        string source = Source.Length > 0 ? Source + ": " : "";
        string exception = Exception is null ? "" : $" ({Exception})";
        return $"{time} {LevelNames.Short(Level)} {source}{Message}{exception}";
    }
}
