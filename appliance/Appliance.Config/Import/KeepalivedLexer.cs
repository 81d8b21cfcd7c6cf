namespace Appliance.Config;

/// <summary>A word of keepalived.conf: a keyword, an argument, or a brace.</summary>
internal readonly record struct KeepalivedToken(string Text, int Line, bool Quoted)
{
    public bool IsOpen => !Quoted && Text == "{";

    public bool IsClose => !Quoted && Text == "}";
}

/// <summary>
/// keepalived.conf's lexical rules: statements end at the end of a line; '#' or '!' at the start of a word begins a
/// comment; "double quotes" group words; '{' and '}' are words of their own even when written against another word
/// ("VI_1{", "{ 192.0.2.10 }").
/// </summary>
internal static class KeepalivedLexer
{
    public static List<List<KeepalivedToken>> Lines(string text, List<ImportNote> notes)
    {
        var result = new List<List<KeepalivedToken>>();
        var number = 0;
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            number++;
            var tokens = new List<KeepalivedToken>();
            var line = raw.Length > 8192 ? raw[..8192] : raw;
            var i = 0;
            while (i < line.Length)
            {
                var c = line[i];
                if (char.IsWhiteSpace(c) || (char.IsControl(c) && c != '\t'))
                {
                    i++;
                }
                else if (c is '#' or '!')
                {
                    break;
                }
                else if (c is '{' or '}')
                {
                    tokens.Add(new KeepalivedToken(c.ToString(), number, false));
                    i++;
                }
                else if (c == '"')
                {
                    var close = line.IndexOf('"', i + 1);
                    if (close < 0)
                    {
                        notes.Add(new ImportNote(number, ImportNoteKind.Unreadable, "unterminated quoted string: read to the end of the line"));
                        close = line.Length;
                    }

                    tokens.Add(new KeepalivedToken(line[(i + 1)..Math.Min(close, line.Length)], number, true));
                    i = close + 1;
                }
                else
                {
                    var start = i;
                    while (i < line.Length && !char.IsWhiteSpace(line[i]) && line[i] is not ('{' or '}' or '"') && !char.IsControl(line[i]))
                    {
                        i++;
                    }

                    tokens.Add(new KeepalivedToken(line[start..i], number, false));
                }
            }

            result.Add(tokens);
        }

        return result;
    }
}
