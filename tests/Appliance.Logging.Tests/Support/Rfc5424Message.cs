using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Appliance.Logging.Tests.Support;

/// <summary>
/// A strict reader of the RFC 5424 section 6 ABNF, written from the RFC and independent of the formatter:
/// it rejects anything the grammar does not allow (lengths, characters, unescaped '"' ']' '\', bad UTF-8 after
/// the BOM), so property tests can throw arbitrary events at the formatter and check the output.
/// </summary>
internal sealed partial record Rfc5424Message(
    int Pri,
    string? Timestamp,
    string Hostname,
    string AppName,
    string ProcId,
    string MsgId,
    string StructuredData,
    IReadOnlyList<(string Id, IReadOnlyList<(string Name, string Value)> Parameters)> Elements,
    string? Msg,
    bool HasBom)
{
    public int Facility => Pri / 8;

    public int Severity => Pri % 8;

    public IReadOnlyList<(string Name, string Value)> Parameters(string id) =>
        Elements.Single(e => e.Id == id).Parameters;

    public static Rfc5424Message Parse(ReadOnlySpan<byte> bytes)
    {
        var reader = new Reader(bytes.ToArray());
        reader.Expect((byte)'<');
        string priText = reader.While(b => b is >= (byte)'0' and <= (byte)'9', 1, 3, "PRIVAL");
        int pri = int.Parse(priText, CultureInfo.InvariantCulture);
        if (pri > 191 || (priText.Length > 1 && priText[0] == '0'))
        {
            throw new FormatException($"PRIVAL {priText} out of range");
        }
        reader.Expect((byte)'>');
        reader.Expect((byte)'1');
        reader.Expect((byte)' ');
        string timestamp = reader.Field(128, "TIMESTAMP");
        if (timestamp != "-" && !TimestampPattern().IsMatch(timestamp))
        {
            throw new FormatException($"TIMESTAMP '{timestamp}' is not RFC 3339 as RFC 5424 6.2.3 restricts it");
        }
        reader.Expect((byte)' ');
        string hostname = reader.Field(255, "HOSTNAME");
        reader.Expect((byte)' ');
        string appName = reader.Field(48, "APP-NAME");
        reader.Expect((byte)' ');
        string procId = reader.Field(128, "PROCID");
        reader.Expect((byte)' ');
        string msgId = reader.Field(32, "MSGID");
        reader.Expect((byte)' ');
        int sdStart = reader.Position;
        var elements = new List<(string, IReadOnlyList<(string, string)>)>();
        if (reader.Peek() == (byte)'-')
        {
            reader.Position++;
        }
        else
        {
            do
            {
                elements.Add(reader.Element());
            }
            while (!reader.AtEnd && reader.Peek() == (byte)'[');
        }
        string sd = Encoding.UTF8.GetString(bytes[sdStart..reader.Position]);
        string? msg = null;
        bool bom = false;
        if (!reader.AtEnd)
        {
            reader.Expect((byte)' ');
            var rest = bytes[reader.Position..];
            if (rest.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                bom = true;
                msg = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(rest[3..]);
            }
            else
            {
                // MSG-ANY: our formatter only sends it for ASCII text.
                msg = Encoding.UTF8.GetString(rest);
            }
        }
        return new Rfc5424Message(pri, timestamp == "-" ? null : timestamp, hostname, appName, procId, msgId, sd, elements, msg, bom);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex TimestampPattern();

    private sealed class Reader(byte[] bytes)
    {
        public int Position { get; set; }

        public bool AtEnd => Position == bytes.Length;

        public byte Peek() => AtEnd ? throw new FormatException("message ends early") : bytes[Position];

        public void Expect(byte b)
        {
            if (Peek() != b)
            {
                throw new FormatException($"expected '{(char)b}' at {Position}, found '{(char)bytes[Position]}'");
            }
            Position++;
        }

        public string While(Func<byte, bool> allowed, int min, int max, string what)
        {
            int start = Position;
            while (!AtEnd && allowed(bytes[Position]))
            {
                Position++;
            }
            int length = Position - start;
            if (length < min || length > max)
            {
                throw new FormatException($"{what} has {length} characters; RFC 5424 allows {min} to {max}");
            }
            return Encoding.ASCII.GetString(bytes, start, length);
        }

        public string Field(int max, string what) => While(b => b is >= 33 and <= 126, 1, max, what);

        private string SdName(string what) =>
            While(b => b is >= 33 and <= 126 && b != '=' && b != ']' && b != '"', 1, 32, what);

        public (string, IReadOnlyList<(string, string)>) Element()
        {
            Expect((byte)'[');
            string id = SdName("SD-ID");
            var parameters = new List<(string, string)>();
            while (Peek() == (byte)' ')
            {
                Position++;
                string name = SdName("PARAM-NAME");
                Expect((byte)'=');
                Expect((byte)'"');
                var value = new List<byte>();
                while (Peek() != (byte)'"')
                {
                    byte b = bytes[Position++];
                    if (b == (byte)'\\')
                    {
                        byte escaped = Peek();
                        if (escaped is not ((byte)'"' or (byte)'\\' or (byte)']'))
                        {
                            throw new FormatException($"stray backslash in PARAM-VALUE at {Position}");
                        }
                        Position++;
                        value.Add(escaped);
                    }
                    else if (b == (byte)']')
                    {
                        throw new FormatException($"unescaped ']' in PARAM-VALUE at {Position - 1}");
                    }
                    else
                    {
                        value.Add(b);
                    }
                }
                Position++;
                parameters.Add((name, new UTF8Encoding(false, throwOnInvalidBytes: true).GetString([.. value])));
            }
            Expect((byte)']');
            return (id, parameters);
        }
    }
}
