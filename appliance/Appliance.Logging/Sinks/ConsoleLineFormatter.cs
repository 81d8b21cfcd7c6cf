using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Serilog.Events;

namespace Appliance.Logging.Sinks;

/// <summary>
/// "12:34:56.789 INF VirtualRouter: web backup -> master: master down timer expired", one line per event
/// (plus the exception's lines), short enough for an 80-column serial terminal in the common case.
/// </summary>
internal sealed class ConsoleLineFormatter : IEventEncoder
{
    public int Encode(LogEvent logEvent, Span<byte> destination)
    {
        var line = new StringBuilder(128);
        line.Append(logEvent.Timestamp.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture))
            .Append(' ')
            .Append(LevelNames.Short(logEvent.Level))
            .Append(' ');
        string source = MessageText.SourceName(logEvent);
        if (source.Length > 0)
        {
            line.Append(source).Append(": ");
        }
        line.Append(MessageText.Render(logEvent));
        if (logEvent.Exception is { } exception)
        {
            line.Append('\n').Append(exception);
        }
        // Leave room for the newline; the cut falls between characters.
        Utf8.FromUtf16(line.ToString(), destination[..^1], out _, out int written, replaceInvalidSequences: true, isFinalBlock: true);
        destination[written] = (byte)'\n';
        return written + 1;
    }
}
