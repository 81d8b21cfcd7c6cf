using Appliance.Config;

namespace Appliance.ConsoleUi.Session;

/// <summary>A word of a command line and where it starts (a value keeps its own spacing: it is the rest of the line).</summary>
internal readonly record struct Word(int Start, string Text);

/// <summary>
/// The grammar of the command line: words, keywords that may be abbreviated to a unique prefix (<c>sh st</c>), and
/// the two ways to name a setting: <c>vrrp web priority</c> or <c>vrrp:web:priority</c>.
/// </summary>
internal static class CliWords
{
    public static readonly string[] Sections = ["system", "interface", "vrrp", "nginx", "hooks", "log"];

    public static List<Word> Split(string line)
    {
        var words = new List<Word>();
        var i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && line[i] == ' ')
            {
                i++;
            }

            var start = i;
            while (i < line.Length && line[i] != ' ')
            {
                i++;
            }

            if (i > start)
            {
                words.Add(new Word(start, line[start..i]));
            }
        }

        return words;
    }

    /// <summary>The keyword <paramref name="word"/> stands for: itself, or the one keyword it is a prefix of.</summary>
    public static string? Resolve(string word, IReadOnlyList<string> keywords, string what, out string? problem)
    {
        var exact = keywords.FirstOrDefault(k => string.Equals(k, word, StringComparison.OrdinalIgnoreCase));
        if (exact is not null)
        {
            problem = null;
            return exact;
        }

        var matches = keywords.Where(k => k.StartsWith(word, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 1)
        {
            problem = null;
            return matches[0];
        }

        var shown = word.Length > 30 ? word[..30] + "..." : word;
        problem = matches.Count > 1
            ? $"'{shown}' could be {string.Join(", ", matches)}"
            : $"unknown {what} '{shown}'; one of: {string.Join(", ", keywords)}";
        return null;
    }

    /// <summary>
    /// The setting named from word <paramref name="at"/> on, and the value after it (the rest of the line).
    /// </summary>
    public static bool TryTarget(string line, List<Word> words, int at, bool wantValue, out ConfigKeyPath path, out string value, out string? problem)
    {
        path = default;
        value = "";
        if (at >= words.Count)
        {
            problem = "which setting? e.g. vrrp web priority, system hostname, interface eth0 address (or vrrp:web:priority)";
            return false;
        }

        var first = words[at].Text;
        string section;
        string? key;
        int valueAt;
        if (first.Contains(':'))
        {
            if (!ConfigKeyPath.TryParse(first, out path, out problem))
            {
                return false;
            }

            section = path.Section;
            key = path.Key;
            valueAt = at + 1;
        }
        else
        {
            var word = Resolve(first, Sections, "section", out problem);
            string? Word(int i) => i < words.Count ? words[i].Text : null;
            switch (word)
            {
                case null:
                    problem += " (or section:key)";
                    return false;
                case "interface":
                    section = $"interface:{Word(at + 1)}";
                    key = Word(at + 2);
                    valueAt = at + 3;
                    if (Word(at + 1) is null)
                    {
                        problem = "which interface? e.g. interface eth0 address";
                        return false;
                    }

                    break;
                case "vrrp":
                    if (Word(at + 1) is not { } instance)
                    {
                        problem = "which instance? e.g. vrrp web priority";
                        return false;
                    }

                    if (string.Equals(Word(at + 2), "track", StringComparison.OrdinalIgnoreCase))
                    {
                        section = $"vrrp:{instance}:track";
                        key = Word(at + 3);
                        valueAt = at + 4;
                    }
                    else
                    {
                        section = $"vrrp:{instance}";
                        key = Word(at + 2);
                        valueAt = at + 3;
                    }

                    break;
                default:
                    section = word;
                    key = Word(at + 1);
                    valueAt = at + 2;
                    break;
            }

            if (key is null)
            {
                problem = $"which key of [{section}]? (help {section.Split(':')[0]} lists them)";
                return false;
            }

            if (!ConfigKeyPath.TryParse($"{section}:{key}", out path, out problem))
            {
                return false;
            }
        }

        value = valueAt < words.Count ? line[words[valueAt].Start..].Trim() : "";
        if (wantValue && value.Length == 0)
        {
            problem = $"a value is needed: set {section.Replace(':', ' ')} {key} VALUE ('delete' removes a key)";
            return false;
        }

        if (!wantValue && value.Length > 0)
        {
            problem = $"delete takes no value: delete {section.Replace(':', ' ')} {key}";
            return false;
        }

        problem = null;
        return true;
    }
}
