namespace Appliance.Cli;

/// <summary>
/// The help the binary prints, laid out for the 80-column console it often runs on: every line is at most
/// <see cref="Width"/> characters, wrapped at spaces with a hanging indent, never cut.
/// </summary>
internal static class HelpText
{
    public const int Width = 79;

    /// <summary>What the program is, in the overview's first line and the manual's NAME.</summary>
    public const string Tagline = "VRRP node and supervisor of a web appliance pair";

    public static void Overview(TextWriter output, string version, IReadOnlyList<Verb> verbs)
    {
        Wrapped(output, $"appliance {version}: {Tagline}", "  ");
        output.WriteLine();
        output.WriteLine("usage: appliance COMMAND [ARGS]");
        output.WriteLine("       appliance help COMMAND     its options and exit codes");
        output.WriteLine();
        Table(output, verbs.Select(v => (v.Name, v.Summary)).Append(("--version", "print the version")));
    }

    public static void ForVerb(TextWriter output, Verb verb)
    {
        Wrapped(output, $"usage: appliance {verb.Name} {verb.Arguments}".TrimEnd(), "         ");
        output.WriteLine();
        Wrapped(output, verb.Summary, string.Empty);
        if (verb.Options.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("options:");
            Table(output, verb.Options.Select(o => (o.Name, o.Meaning)));
        }

        output.WriteLine();
        output.WriteLine("exit codes:");
        Table(output, verb.Exits.Select(e => (e.Code.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Meaning)));
    }

    /// <summary>The verbs under a word that is no verb itself (<c>appliance config</c>, <c>appliance nginx</c>).</summary>
    public static void ForGroup(TextWriter output, string group, IReadOnlyList<Verb> verbs)
    {
        output.WriteLine($"appliance {group}: one of");
        Table(output, verbs.Select(v => (v.Name, v.Summary)));
        output.WriteLine();
        output.WriteLine($"appliance help {group} WORD: its options and exit codes");
    }

    /// <summary>Two columns: names padded to the longest (at most a third of the width), meanings wrapped after them.</summary>
    private static void Table(TextWriter output, IEnumerable<(string Name, string Meaning)> rows)
    {
        var list = rows.ToList();
        var column = Math.Min(list.Max(r => r.Name.Length), Width / 3) + 4;
        foreach (var (name, meaning) in list)
        {
            var head = $"  {name}";
            if (head.Length + 2 > column)
            {
                // A long name gets its own line; the meaning starts on the next, in the column.
                output.WriteLine(head);
                head = string.Empty;
            }

            Wrapped(output, head.PadRight(column) + meaning, new string(' ', column));
        }
    }

    private static void Wrapped(TextWriter output, string line, string indent)
    {
        // Never break inside the indent (or the padded name column of the first line).
        while (line.Length > Width)
        {
            var at = line.LastIndexOf(' ', Width);
            if (at <= indent.Length)
            {
                at = line.IndexOf(' ', Width);
                if (at < 0)
                {
                    break;
                }
            }

            output.WriteLine(line[..at].TrimEnd());
            line = indent + line[(at + 1)..].TrimStart();
        }

        output.WriteLine(line);
    }
}
