using System.Globalization;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace Appliance.Logging;

/// <summary>The human sentence of an event and the short names that label it.</summary>
internal static class MessageText
{
    // "l": strings without quotes, so "{Instance} {From} -> {To}" reads "web backup -> master" and not "\"web\" ...".
    private static readonly MessageTemplateTextFormatter Sentence = new("{Message:lj}", CultureInfo.InvariantCulture);

    [ThreadStatic]
    private static StringWriter? t_writer;

    public static string Render(LogEvent logEvent)
    {
        var writer = t_writer ??= new StringWriter(CultureInfo.InvariantCulture);
        var builder = writer.GetStringBuilder();
        builder.Clear();
        Sentence.Format(logEvent, writer);
        var text = builder.ToString();
        if (builder.Capacity > 16 * 1024)
        {
            // One huge message must not pin its buffer on this thread for the life of the process.
            t_writer = null;
        }
        return text;
    }

    /// <summary>"Appliance.Vrrp.VirtualRouter" gives "VirtualRouter"; empty when the event has no source.</summary>
    public static string SourceName(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("SourceContext", out var value) && value is ScalarValue { Value: string source }
            ? ShortName(source)
            : "";

    public static string ShortName(string source)
    {
        int dot = source.LastIndexOf('.');
        return dot >= 0 && dot < source.Length - 1 ? source[(dot + 1)..] : source;
    }

    /// <summary>One line for a console or a ring entry: "IOException: disk full".</summary>
    public static string ExceptionSummary(Exception exception) => $"{exception.GetType().Name}: {exception.Message}";
}
