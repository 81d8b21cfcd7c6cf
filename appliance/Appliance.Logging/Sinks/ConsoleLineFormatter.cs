using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Appliance.Logging.Syslog;
using Serilog.Events;

namespace Appliance.Logging.Sinks;

/// <summary>
/// "12:34:56.789 INF VirtualRouter: web backup -> master: master down timer expired", one line per event
/// (plus the exception's lines), short enough for an 80-column serial terminal in the common case. For the journal
/// (<paramref name="priorityPrefix"/>) every line starts with its syslog priority, "&lt;6&gt;", as sd-daemon(3) says.
/// </summary>
internal sealed class ConsoleLineFormatter(bool priorityPrefix = false) : IEventEncoder
{
    public int Encode(LogEvent logEvent, Span<byte> destination)
    {
        var line = new StringBuilder(128);
        string prefix = priorityPrefix ? $"<{(int)SyslogSeverities.FromLevel(logEvent.Level)}>" : string.Empty;
        line.Append(prefix)
            .Append(logEvent.Timestamp.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture))
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
            // journald reads each line as an entry of its own: each carries the event's priority.
            line.Append('\n').Append(prefix).Append(prefix.Length == 0 ? exception.ToString() : exception.ToString().Replace("\n", "\n" + prefix, StringComparison.Ordinal));
        }
        // Leave room for the newline; the cut falls between characters.
        Utf8.FromUtf16(line.ToString(), destination[..^1], out _, out int written, replaceInvalidSequences: true, isFinalBlock: true);
        destination[written] = (byte)'\n';
        return written + 1;
    }
}
