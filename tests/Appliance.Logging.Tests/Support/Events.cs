using Serilog.Events;
using Serilog.Parsing;

namespace Appliance.Logging.Tests.Support;

/// <summary>Builds LogEvents directly, with a fixed timestamp and properties in a known order.</summary>
internal static class Events
{
    private static readonly MessageTemplateParser Parser = new();

    public static readonly DateTimeOffset Noon = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1_234_567);

    public static LogEvent Create(
        string template,
        IEnumerable<(string Name, object? Value)>? properties = null,
        LogEventLevel level = LogEventLevel.Information,
        DateTimeOffset? timestamp = null,
        Exception? exception = null) =>
        new(
            timestamp ?? Noon,
            level,
            exception,
            Parser.Parse(template),
            (properties ?? []).Select(p => new LogEventProperty(p.Name, p.Value as LogEventPropertyValue ?? new ScalarValue(p.Value))));

    public static LogEvent StateChange() => Create(
        "{Instance} {From} -> {To}: {Reason}",
        [
            ("Instance", "web"),
            ("From", "backup"),
            ("To", "master"),
            ("Reason", "master down timer expired"),
            ("SourceContext", "Appliance.Vrrp.VirtualRouter"),
        ]);
}
