namespace Appliance.Config;

/// <summary>
/// Splits text into <see cref="IniLine"/>s and classifies each line exactly as
/// Microsoft.Extensions.Configuration.Ini's reader does (trim; ';', '#' or '/' first: comment; "[...]": section;
/// otherwise key = value, quotes stripped), adding what that reader cannot say: line numbers and the reason a line is
/// rejected.
/// </summary>
internal static class IniLexer
{
    public const int MaxLineLength = 4096;
    private const char ByteOrderMark = '\uFEFF';

    public static List<IniLine> Split(string text)
    {
        var lines = new List<IniLine>();
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '\n' or '\r')
            {
                var terminatorLength = c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                lines.Add(Lex(text[start..i], text.Substring(i, terminatorLength), lines.Count == 0));
                i += terminatorLength;
                start = i;
            }
            else
            {
                i++;
            }
        }

        if (start < text.Length)
        {
            lines.Add(Lex(text[start..], "", lines.Count == 0));
        }

        return lines;
    }

    public static IniLine Lex(string text, string terminator, bool firstLine)
    {
        // StreamReader drops a UTF-8 byte order mark at the start; anywhere else it is a stray character.
        var skip = firstLine && text.Length > 0 && text[0] == ByteOrderMark ? 1 : 0;
        if (text.Length > MaxLineLength)
        {
            return Malformed(text, terminator, $"line is longer than {MaxLineLength} characters ({text.Length})");
        }

        for (var i = skip; i < text.Length; i++)
        {
            var c = text[i];
            if (IsRefused(c))
            {
                var what = c == '\uFFFD' ? "bytes that are not valid UTF-8" : c == ByteOrderMark ? "a stray byte order mark" : $"control character U+{(int)c:X4}";
                return Malformed(text, terminator, $"{what} at column {i + 1 - skip}");
            }
        }

        var content = text.AsSpan(skip);
        var trimmed = content.Trim();
        if (trimmed.IsEmpty)
        {
            return new IniLine { Text = text, Terminator = terminator, Kind = IniLineKind.Blank };
        }

        if (trimmed[0] is ';' or '#' or '/')
        {
            return new IniLine { Text = text, Terminator = terminator, Kind = IniLineKind.Comment };
        }

        if (trimmed[0] == '[')
        {
            return LexSection(text, terminator, trimmed);
        }

        var separator = trimmed.IndexOf('=');
        if (separator < 0)
        {
            return Malformed(text, terminator, "no '=' on this line: a line is [section], key = value, or a comment starting with ';'");
        }

        var key = trimmed[..separator].Trim().ToString();
        if (key.Length == 0)
        {
            return Malformed(text, terminator, "missing key name before '='");
        }

        if (key.Contains(':'))
        {
            return Malformed(text, terminator, $"':' in key name '{key}': sections nest with ':', keys cannot");
        }

        var equals = text.IndexOf('=', skip);
        var valueStart = equals + 1;
        while (valueStart < text.Length && char.IsWhiteSpace(text[valueStart]))
        {
            valueStart++;
        }

        var value = trimmed[(separator + 1)..].Trim().ToString();
        return new IniLine
        {
            Text = text,
            Terminator = terminator,
            Kind = IniLineKind.Key,
            Key = key,
            Value = Unquote(value),
            ValueStart = valueStart,
        };
    }

    /// <summary>The Ini provider removes one pair of double quotes around a value and nothing else.</summary>
    public static string Unquote(string value) =>
        value.Length > 1 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

    private static IniLine LexSection(string text, string terminator, ReadOnlySpan<char> trimmed)
    {
        if (trimmed[^1] != ']')
        {
            var problem = trimmed.Contains(']')
                ? "text after ']': a comment must be on its own line"
                : "unterminated section header: missing ']'";
            return Malformed(text, terminator, problem, looksLikeSection: true);
        }

        var name = trimmed[1..^1].Trim().ToString();
        if (name.Length == 0)
        {
            return Malformed(text, terminator, "empty section name", looksLikeSection: true);
        }

        if (name.Contains('[') || name.Contains(']'))
        {
            return Malformed(text, terminator, "brackets inside a section name", looksLikeSection: true);
        }

        return new IniLine { Text = text, Terminator = terminator, Kind = IniLineKind.Section, Section = name };
    }

    private static IniLine Malformed(string text, string terminator, string problem, bool looksLikeSection = false) =>
        new()
        {
            Text = text,
            Terminator = terminator,
            Kind = IniLineKind.Malformed,
            Problem = problem,
            LooksLikeSection = looksLikeSection,
        };

    /// <summary>How a value must be written so that the Ini provider reads back exactly <paramref name="value"/>.</summary>
    public static string Quote(string value)
    {
        var needsQuotes = value.Length > 0
            && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]) || (value.Length > 1 && value[0] == '"' && value[^1] == '"'));
        return needsQuotes ? "\"" + value + "\"" : value;
    }

    /// <summary>What no line of appliance.ini may hold (a tab may): the loader refuses the line.</summary>
    public static bool IsRefused(char c) => (char.IsControl(c) && c != '\t') || c is ByteOrderMark or '\uFFFD';

    /// <summary>Null when <paramref name="value"/> can be stored on one line; else the reason.</summary>
    public static string? ValueProblem(string value)
    {
        foreach (var c in value)
        {
            if (IsRefused(c))
            {
                return $"a value cannot contain U+{(int)c:X4} ({(c is '\n' or '\r' ? "line break" : "control character")})";
            }
        }

        return value.Length > MaxLineLength - 100 ? "value too long" : null;
    }

    /// <summary>Null when <paramref name="key"/> can be a key name.</summary>
    public static string? KeyProblem(string key)
    {
        if (key.Length == 0 || key.Trim().Length != key.Length)
        {
            return "a key name is not empty and has no surrounding spaces";
        }

        if (key[0] is ';' or '#' or '/' or '[')
        {
            return $"a key name cannot start with '{key[0]}'";
        }

        if (key.Any(c => c is '=' or ':' || char.IsControl(c)))
        {
            return "a key name cannot contain '=', ':' or control characters";
        }

        return key.Length > 200 ? "key name too long" : null;
    }

    /// <summary>Null when <paramref name="path"/> can be a section name.</summary>
    public static string? SectionProblem(string path)
    {
        if (path.Length == 0 || path.Split(':').Any(p => p.Length == 0 || p.Trim().Length != p.Length))
        {
            return "a section name is one or more ':'-separated parts, none empty, no surrounding spaces";
        }

        if (path.Any(c => c is '[' or ']' or '=' || char.IsControl(c)) || path[0] is ';' or '#' or '/')
        {
            return "a section name cannot contain '[', ']', '=' or control characters";
        }

        return path.Length > 200 ? "section name too long" : null;
    }
}
