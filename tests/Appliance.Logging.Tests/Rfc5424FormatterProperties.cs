using System.Text;
using Appliance.Logging.Syslog;
using Appliance.Logging.Tests.Support;
using CsCheck;
using Serilog.Events;

namespace Appliance.Logging.Tests;

/// <summary>Whatever the event, the output is a valid RFC 5424 message within the limit carrying the sentence's prefix.</summary>
public sealed class Rfc5424FormatterProperties
{
    // Plain text, RFC delimiters, multi-byte and astral characters, and single UTF-16 units (lone surrogates).
    private static readonly Gen<char> Chars = Gen.Frequency(
        (6, Gen.Char['a', 'z']),
        (2, Gen.Char[" \"\\]=[-\n\t{}"]),
        (2, Gen.Char["éÜ€ключ中文"]),
        (1, Gen.Char["\ud83d\ude00\ud800\udfff"]),
        (1, Gen.Char));

    private static readonly Gen<string> Text = Chars.Array[0, 300].Select(chars => new string(chars));

    private static readonly Gen<string> Name = Chars.Array[1, 40].Select(chars => new string(chars)).Where(n => !string.IsNullOrWhiteSpace(n));

    [Fact]
    public void Any_event_formats_to_a_valid_message_within_the_limit()
    {
        Gen.Select(
                Gen.Enum<LogEventLevel>(),
                Gen.Int[Rfc5424Formatter.MinimumMessageBytes, 4096],
                Text,
                Gen.Select(Name, Text).Array[0, 30],
                Text,
                Text)
            .Sample(
                (level, limit, sentence, properties, hostname, appName) =>
                {
                    var unique = properties.DistinctBy(p => p.Item1).Select(p => (p.Item1, (object?)p.Item2));
                    var logEvent = Events.Create(sentence.Replace("{", "{{").Replace("}", "}}"), unique, level);
                    var formatter = new Rfc5424Formatter(SyslogFacility.Local3, hostname, appName, "77");
                    var buffer = new byte[limit];
                    int length = formatter.Encode(logEvent, buffer);
                    Assert.InRange(length, 1, limit);
                    var message = Rfc5424Message.Parse(buffer.AsSpan(0, length));
                    Assert.Equal(19 * 8 + (int)SyslogSeverities.FromLevel(level), message.Pri);
                    // What survives of the sentence is its start, as UTF-8 would carry it.
                    string expected = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(sentence));
                    Assert.StartsWith(message.Msg ?? "", expected, StringComparison.Ordinal);
                    if (expected.Length > 0 && message.Msg is null)
                    {
                        Assert.Fail("the sentence was lost");
                    }
                },
                iter: 2000);
    }
}
