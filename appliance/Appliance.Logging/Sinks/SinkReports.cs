using Serilog.Events;
using Serilog.Parsing;

namespace Appliance.Logging.Sinks;

/// <summary>The events a queued sink writes about itself; MSGID "LogSink" makes them easy to find.</summary>
internal static class SinkReports
{
    public const string Source = "Appliance.Logging.LogSink";

    private static readonly MessageTemplateParser Parser = new();

    private static readonly MessageTemplate DroppedTemplate =
        Parser.Parse("Log sink {Sink} dropped {Dropped} events because its queue was full ({DroppedTotal} since start)");

    private static readonly MessageTemplate DownTemplate =
        Parser.Parse("Log sink {Sink} is unavailable: {Reason}; holding up to {Capacity} events and retrying");

    private static readonly MessageTemplate BackTemplate =
        Parser.Parse("Log sink {Sink} is available again after {DownSeconds} s");

    public static LogEvent Dropped(string sink, long dropped, long total) => Create(
        LogEventLevel.Warning,
        DroppedTemplate,
        new("Sink", new ScalarValue(sink)),
        new("Dropped", new ScalarValue(dropped)),
        new("DroppedTotal", new ScalarValue(total)));

    public static LogEvent Down(string sink, string reason, int capacity) => Create(
        LogEventLevel.Warning,
        DownTemplate,
        new("Sink", new ScalarValue(sink)),
        new("Reason", new ScalarValue(reason)),
        new("Capacity", new ScalarValue(capacity)));

    public static LogEvent Back(string sink, TimeSpan down) => Create(
        LogEventLevel.Information,
        BackTemplate,
        new("Sink", new ScalarValue(sink)),
        new("DownSeconds", new ScalarValue(Math.Round(down.TotalSeconds, 1))));

    private static LogEvent Create(LogEventLevel level, MessageTemplate template, params LogEventProperty[] properties) =>
        new(DateTimeOffset.Now, level, null, template, [.. properties, new LogEventProperty("SourceContext", new ScalarValue(Source))]);
}
