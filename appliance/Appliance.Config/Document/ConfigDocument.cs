using System.Text;

namespace Appliance.Config;

/// <summary>
/// appliance.ini as text that can be edited without losing anything: comments, blank lines, order, spelling and
/// line endings survive, and <see cref="ToString"/> returns the input unchanged until an edit is made. Section and
/// key names match case-insensitively, as in the loader. Where a section appears twice (an error the loader
/// reports), reads and edits use its first occurrence, like the Ini provider's first-wins merge.
/// </summary>
public sealed class ConfigDocument
{
    private readonly List<IniLine> _lines;

    private ConfigDocument(List<IniLine> lines) => _lines = lines;

    public static ConfigDocument Parse(string text) => new(IniLexer.Split(text ?? ""));

    internal IReadOnlyList<IniLine> Lines => _lines;

    /// <summary>Section names in file order, each once, spelled as first written.</summary>
    public IReadOnlyList<string> Sections =>
        _lines.Where(l => l.Kind == IniLineKind.Section).Select(l => l.Section!).DistinctBy(s => s, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>The keys and values of a section, in file order; a repeated key counts once (its first value).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Entries(string section) =>
        KeyLines(section).DistinctBy(l => l.Key, StringComparer.OrdinalIgnoreCase)
            .Select(l => new KeyValuePair<string, string>(l.Key!, l.Value!)).ToList();

    public bool HasSection(string section) => FindHeader(section) >= 0;

    /// <summary>The value as the loader sees it (quotes removed), or null when the key is not in the file.</summary>
    public string? Get(string section, string key) =>
        KeyLines(section).FirstOrDefault(l => NameEquals(l.Key, key))?.Value;

    public string? Get(ConfigKeyPath path) => Get(path.Section, path.Key);

    /// <summary>Sets a key; see <see cref="TrySet"/>. Throws <see cref="ArgumentException"/> for names or values that cannot be written.</summary>
    public void Set(string section, string key, string value)
    {
        if (!TrySet(section, key, value, out var error))
        {
            throw new ArgumentException(error);
        }
    }

    public void Set(ConfigKeyPath path, string value) => Set(path.Section, path.Key, value);

    /// <summary>
    /// Sets a key, editing its line in place (the key keeps its spelling and spacing), or adds it after the last key
    /// of its section, or creates the section (after its parent section when there is one, else at the end).
    /// Returns false with the reason when the section, key or value cannot be written as an INI line.
    /// </summary>
    public bool TrySet(string section, string key, string value, out string? error)
    {
        error = IniLexer.SectionProblem(section) ?? IniLexer.KeyProblem(key) ?? IniLexer.ValueProblem(value);
        if (error is not null)
        {
            return false;
        }

        var written = IniLexer.Quote(value);
        var existing = FindKey(section, key);
        if (existing >= 0)
        {
            var line = _lines[existing];
            _lines[existing] = Relex(EditValue(line, written), line.Terminator, firstLine: existing == 0);
            return true;
        }

        var header = FindHeader(section);
        if (header >= 0)
        {
            var after = LastContentLine(header);
            Insert(after + 1, $"{key} = {written}");
            return true;
        }

        var parent = ParentSection(section);
        var position = parent >= 0 ? LastContentLine(parent) + 1 : _lines.Count;
        if (_lines.Count > 0)
        {
            Insert(position++, "");
        }

        Insert(position++, $"[{section}]");
        Insert(position, $"{key} = {written}");
        return true;
    }

    /// <summary>Removes every line of the key in the section (repeats too). False when it was not there.</summary>
    public bool Remove(string section, string key)
    {
        var removed = false;
        for (var i = FindKey(section, key); i >= 0; i = FindKey(section, key))
        {
            _lines.RemoveAt(i);
            removed = true;
        }

        return removed;
    }

    public bool Remove(ConfigKeyPath path) => Remove(path.Section, path.Key);

    /// <summary>
    /// Removes a section: its header with the comment block directly above it, its keys and comments, but not the
    /// comment block directly above the next header (that one describes the next section). False when it was not there.
    /// </summary>
    public bool RemoveSection(string section)
    {
        var removed = false;
        for (var header = FindHeader(section); header >= 0; header = FindHeader(section))
        {
            var next = NextHeader(header);
            var end = next;
            if (next < _lines.Count)
            {
                while (end - 1 > header && _lines[end - 1].Kind == IniLineKind.Comment)
                {
                    end--;
                }
            }

            var start = header;
            while (start > 0 && _lines[start - 1].Kind == IniLineKind.Comment)
            {
                start--;
            }

            _lines.RemoveRange(start, end - start);
            if (start > 0 && start < _lines.Count && _lines[start - 1].Kind == IniLineKind.Blank && _lines[start].Kind == IniLineKind.Blank)
            {
                _lines.RemoveAt(start);
            }

            if (start == _lines.Count && start > 0 && _lines[start - 1].Kind == IniLineKind.Blank)
            {
                _lines.RemoveAt(start - 1);
            }

            removed = true;
        }

        return removed;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var line in _lines)
        {
            text.Append(line.Text).Append(line.Terminator);
        }

        return text.ToString();
    }

    private static bool NameEquals(string? a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private IEnumerable<IniLine> KeyLines(string section)
    {
        string? current = null;
        foreach (var line in _lines)
        {
            if (line.Kind == IniLineKind.Section)
            {
                current = line.Section;
            }
            else if (line.Kind == IniLineKind.Malformed && line.LooksLikeSection)
            {
                current = null;
            }
            else if (line.Kind == IniLineKind.Key && current is not null && NameEquals(current, section))
            {
                yield return line;
            }
        }
    }

    private int FindHeader(string section) =>
        _lines.FindIndex(l => l.Kind == IniLineKind.Section && NameEquals(l.Section, section));

    private int FindKey(string section, string key)
    {
        string? current = null;
        for (var i = 0; i < _lines.Count; i++)
        {
            var line = _lines[i];
            if (line.Kind == IniLineKind.Section)
            {
                current = line.Section;
            }
            else if (line.Kind == IniLineKind.Malformed && line.LooksLikeSection)
            {
                current = null;
            }
            else if (line.Kind == IniLineKind.Key && current is not null && NameEquals(current, section) && NameEquals(line.Key, key))
            {
                return i;
            }
        }

        return -1;
    }

    private int NextHeader(int header)
    {
        for (var i = header + 1; i < _lines.Count; i++)
        {
            if (_lines[i].Kind == IniLineKind.Section || (_lines[i].Kind == IniLineKind.Malformed && _lines[i].LooksLikeSection))
            {
                return i;
            }
        }

        return _lines.Count;
    }

    /// <summary>The last key line (or the header itself) of the section starting at <paramref name="header"/>.</summary>
    private int LastContentLine(int header)
    {
        var last = header;
        var end = NextHeader(header);
        for (var i = header + 1; i < end; i++)
        {
            if (_lines[i].Kind is IniLineKind.Key or IniLineKind.Malformed)
            {
                last = i;
            }
        }

        return last;
    }

    /// <summary>For vrrp:web:track, the block of vrrp:web (or the last of its other subsections), so related sections stay together.</summary>
    private int ParentSection(string section)
    {
        var colon = section.LastIndexOf(':');
        if (colon <= 0)
        {
            return -1;
        }

        var parent = section[..colon];
        var found = -1;
        for (var i = 0; i < _lines.Count; i++)
        {
            if (_lines[i].Kind == IniLineKind.Section
                && (NameEquals(_lines[i].Section, parent) || _lines[i].Section!.StartsWith(parent + ":", StringComparison.OrdinalIgnoreCase)))
            {
                found = i;
            }
        }

        return found;
    }

    private void Insert(int index, string text)
    {
        var terminator = DominantTerminator();
        if (index == _lines.Count && _lines.Count > 0 && _lines[^1].Terminator.Length == 0)
        {
            // The file had no final line break: the new last line has none either.
            _lines[^1].Terminator = terminator;
            _lines.Add(Relex(text, "", firstLine: false));
            return;
        }

        _lines.Insert(index, Relex(text, terminator, firstLine: false));
    }

    private string DominantTerminator() =>
        _lines.Select(l => l.Terminator).FirstOrDefault(t => t.Length > 0) ?? "\n";

    private static string EditValue(IniLine line, string written)
    {
        var text = line.Text;
        var end = text.Length;
        while (end > line.ValueStart && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        var prefix = text[..line.ValueStart];
        if (written.Length > 0 && prefix.Length > 0 && prefix[^1] == '=')
        {
            // "key =" with an empty value: put a space after '=' when the key side has one ("key = value").
            var equals = prefix.Length - 1;
            if (equals > 0 && char.IsWhiteSpace(prefix[equals - 1]))
            {
                prefix += " ";
            }
        }

        return prefix + written + text[end..];
    }

    private static IniLine Relex(string text, string terminator, bool firstLine) => IniLexer.Lex(text, terminator, firstLine);
}
