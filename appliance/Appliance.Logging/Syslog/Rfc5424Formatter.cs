using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Appliance.Logging.Sinks;
using Serilog.Events;

namespace Appliance.Logging.Syslog;

/// <summary>
/// RFC 5424 6: <c>&lt;PRI&gt;1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [SP MSG]</c>.
/// The event's properties travel as one SD-ELEMENT <c>[appliance@32473 ...]</c>; the MSG is the rendered sentence.
/// Whatever the destination's size, the result is a well-formed message: header fields are capped to their ABNF
/// lengths, SD-PARAMs are kept in order while they fit a budget that leaves room for the MSG, and the MSG is cut
/// at a UTF-8 character boundary.
/// </summary>
internal sealed class Rfc5424Formatter : IEventEncoder
{
    /// <summary>Longest header (7 + 32 + 255 + 48 + 128 + 32 + separators = 508) plus room for SD and MSG.</summary>
    public const int MinimumMessageBytes = 1024;

    // RFC 5424 6 ABNF lengths.
    public const int HostnameMax = 255;
    public const int AppNameMax = 48;
    public const int ProcIdMax = 128;
    public const int MsgIdMax = 32;
    public const int SdNameMax = 32;

    /// <summary>32473 is the enterprise number reserved for documentation (RFC 5612).</summary>
    public const string StructuredDataId = "appliance@32473";

    /// <summary>A single property value is cut here (before escaping) so one long value cannot crowd out the rest.</summary>
    public const int MaxParamValueBytes = 256;

    /// <summary>Structured data stops this many bytes before the end: the sentence matters more than the last property.</summary>
    public const int MessageReserveBytes = 256;

    private const string SourceContextProperty = "SourceContext";
    private const string EventIdProperty = "EventId";

    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    private static ReadOnlySpan<byte> ElementStart => "[appliance@32473"u8;

    private readonly SyslogFacility _facility;
    private readonly byte[] _hostname;
    private readonly byte[] _appName;
    private readonly byte[] _procId;

    public Rfc5424Formatter(SyslogFacility facility, string? hostname, string? appName, string? procId)
    {
        if (facility is < SyslogFacility.Kern or > SyslogFacility.Local7)
        {
            throw new ArgumentOutOfRangeException(nameof(facility), facility, "RFC 5424 facilities are 0 to 23");
        }
        _facility = facility;
        _hostname = PrintUsAscii.HeaderField(hostname, HostnameMax);
        _appName = PrintUsAscii.HeaderField(appName, AppNameMax);
        _procId = PrintUsAscii.HeaderField(procId, ProcIdMax);
    }

    public int Encode(LogEvent logEvent, Span<byte> destination)
    {
        if (destination.Length < MinimumMessageBytes)
        {
            throw new ArgumentException($"an RFC 5424 message needs at least {MinimumMessageBytes} bytes here", nameof(destination));
        }
        var writer = new ByteWriter(destination);
        WriteHeader(ref writer, logEvent, out string? messageIdProperty);
        writer.Write((byte)' ');
        WriteStructuredData(ref writer, logEvent, messageIdProperty, destination.Length - MessageReserveBytes);
        WriteMessage(ref writer, logEvent);
        return writer.Position;
    }

    private void WriteHeader(ref ByteWriter writer, LogEvent logEvent, out string? messageIdProperty)
    {
        // RFC 5424 6.2.1: PRIVAL = facility * 8 + severity; VERSION is 1.
        int prival = (int)_facility * 8 + (int)SyslogSeverities.FromLevel(logEvent.Level);
        writer.Write((byte)'<');
        prival.TryFormat(writer.Free, out int digits, default, CultureInfo.InvariantCulture);
        writer.Advance(digits);
        writer.Write(">1 "u8);
        WriteTimestamp(ref writer, logEvent.Timestamp);
        writer.Write((byte)' ');
        writer.Write(_hostname);
        writer.Write((byte)' ');
        writer.Write(_appName);
        writer.Write((byte)' ');
        writer.Write(_procId);
        writer.Write((byte)' ');
        string? messageId = MessageId(logEvent, out messageIdProperty);
        int length = PrintUsAscii.Write(messageId, writer.Free, MsgIdMax, sdName: false);
        if (length == 0)
        {
            writer.Write((byte)'-');
            messageIdProperty = null;
        }
        else
        {
            writer.Advance(length);
        }
    }

    // RFC 5424 6.2.3: RFC 3339 date-time, at most six fraction digits, "Z" or a numeric offset.
    private static void WriteTimestamp(ref ByteWriter writer, DateTimeOffset timestamp)
    {
        timestamp.DateTime.TryFormat(writer.Free, out int written, "yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        writer.Advance(written);
        var offset = timestamp.Offset;
        if (offset == TimeSpan.Zero)
        {
            writer.Write((byte)'Z');
            return;
        }
        writer.Write(offset < TimeSpan.Zero ? (byte)'-' : (byte)'+');
        offset = offset.Duration();
        WriteTwoDigits(ref writer, offset.Hours);
        writer.Write((byte)':');
        WriteTwoDigits(ref writer, offset.Minutes);
    }

    private static void WriteTwoDigits(ref ByteWriter writer, int value)
    {
        writer.Write((byte)('0' + value / 10));
        writer.Write((byte)('0' + value % 10));
    }

    /// <summary>The EventId (Microsoft.Extensions.Logging's name, else its number), else the short source name.</summary>
    private static string? MessageId(LogEvent logEvent, out string? property)
    {
        if (logEvent.Properties.TryGetValue(EventIdProperty, out var eventId))
        {
            property = EventIdProperty;
            return eventId switch
            {
                ScalarValue { Value: { } value } => Convert.ToString(value, CultureInfo.InvariantCulture),
                StructureValue structure =>
                    Scalar(structure, "Name") ?? Scalar(structure, "Id"),
                _ => null,
            };
        }
        if (logEvent.Properties.TryGetValue(SourceContextProperty, out var source) && source is ScalarValue { Value: string name })
        {
            property = SourceContextProperty;
            return MessageText.ShortName(name);
        }
        property = null;
        return null;
    }

    private static string? Scalar(StructureValue structure, string name)
    {
        foreach (var property in structure.Properties)
        {
            if (property.Name == name && property.Value is ScalarValue { Value: { } value })
            {
                return Convert.ToString(value, CultureInfo.InvariantCulture);
            }
        }
        return null;
    }

    private static void WriteStructuredData(ref ByteWriter writer, LogEvent logEvent, string? messageIdProperty, int budget)
    {
        int start = writer.Position;
        writer.Write(ElementStart);
        int parameters = 0;
        // ' ' SD-NAME '=' '"' escaped value '"': every escaped byte may double.
        Span<byte> parameter = stackalloc byte[1 + SdNameMax + 2 + 2 * MaxParamValueBytes + 1];
        foreach (var (name, value) in logEvent.Properties)
        {
            if (name == messageIdProperty)
            {
                continue;
            }
            int length = EncodeParameter(name, value, parameter);
            if (writer.Position + length + 1 > budget)
            {
                break;
            }
            writer.Write(parameter[..length]);
            parameters++;
        }
        if (parameters == 0)
        {
            // RFC 5424 6.3: no element at all is the NILVALUE.
            writer.Rewind(start);
            writer.Write((byte)'-');
        }
        else
        {
            writer.Write((byte)']');
        }
    }

    // RFC 5424 6.3.3: PARAM-NAME is an SD-NAME; in PARAM-VALUE '"', '\' and ']' MUST be escaped with '\'.
    private static int EncodeParameter(string name, LogEventPropertyValue value, Span<byte> destination)
    {
        int position = 0;
        destination[position++] = (byte)' ';
        int nameLength = PrintUsAscii.Write(name, destination[position..], SdNameMax, sdName: true);
        if (nameLength == 0)
        {
            destination[position] = PrintUsAscii.Replacement;
            nameLength = 1;
        }
        position += nameLength;
        destination[position++] = (byte)'=';
        destination[position++] = (byte)'"';
        Span<byte> raw = stackalloc byte[MaxParamValueBytes];
        // Stops before a character that does not fit whole, so the cut is at a UTF-8 boundary.
        Utf8.FromUtf16(ValueText(value), raw, out _, out int rawLength, replaceInvalidSequences: true, isFinalBlock: true);
        foreach (byte b in raw[..rawLength])
        {
            if (b is (byte)'"' or (byte)'\\' or (byte)']')
            {
                destination[position++] = (byte)'\\';
            }
            destination[position++] = b;
        }
        destination[position++] = (byte)'"';
        return position;
    }

    private static string ValueText(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: null } => "",
        ScalarValue { Value: string text } => text,
        ScalarValue { Value: bool flag } => flag ? "true" : "false",
        ScalarValue { Value: DateTimeOffset time } => time.ToString("O", CultureInfo.InvariantCulture),
        ScalarValue { Value: DateTime time } => time.ToString("O", CultureInfo.InvariantCulture),
        ScalarValue { Value: IFormattable formattable } => formattable.ToString(null, CultureInfo.InvariantCulture),
        ScalarValue { Value: { } other } => other.ToString() ?? "",
        _ => value.ToString(null, CultureInfo.InvariantCulture),
    };

    // RFC 5424 6.4: MSG-UTF8 starts with a BOM. An ASCII-only message is sent without it (MSG-ANY, identical bytes)
    // because receivers such as rsyslog keep the BOM in the stored text.
    private static void WriteMessage(ref ByteWriter writer, LogEvent logEvent)
    {
        string text = MessageText.Render(logEvent);
        if (logEvent.Exception is { } exception)
        {
            text = text.Length == 0 ? exception.ToString() : text + "\n" + exception;
        }
        if (text.Length == 0)
        {
            return;
        }
        writer.Write((byte)' ');
        if (!Ascii.IsValid(text))
        {
            writer.Write(Bom);
        }
        Utf8.FromUtf16(text, writer.Free, out _, out int written, replaceInvalidSequences: true, isFinalBlock: true);
        writer.Advance(written);
    }
}
