using System.Text;

namespace Appliance.ImageBuilder.Host;

// The build machine's own apt sources for one suite (SUITE, SUITE-updates, SUITE-security, ...), in deb822 form,
// handed to mmdebstrap as its mirror list: the repository never names a mirror, and a machine behind its own
// mirror or proxy builds from that.
internal static class AptSources
{
    public static string ForSuite(string suite, string sourcesDirectory = "/etc/apt")
    {
        var stanzas = new List<string>();
        var list = Path.Combine(sourcesDirectory, "sources.list");
        var files = new List<string>();
        if (File.Exists(list))
        {
            files.Add(list);
        }
        var parts = Path.Combine(sourcesDirectory, "sources.list.d");
        if (Directory.Exists(parts))
        {
            files.AddRange(Directory.GetFiles(parts).Order(StringComparer.Ordinal));
        }
        foreach (var file in files)
        {
            if (file.EndsWith(".sources", StringComparison.Ordinal))
            {
                stanzas.AddRange(FromDeb822(File.ReadAllText(file), suite));
            }
            else if (file.EndsWith(".list", StringComparison.Ordinal))
            {
                stanzas.AddRange(FromOneLine(File.ReadAllLines(file), suite));
            }
        }
        if (stanzas.Count == 0)
        {
            throw new BuildException($"no apt source of this machine serves suite '{suite}' (looked in {sourcesDirectory}/sources.list and sources.list.d)");
        }
        return string.Join("\n", stanzas);
    }

    private static bool IsForSuite(string candidate, string suite) =>
        candidate == suite || candidate.StartsWith(suite + "-", StringComparison.Ordinal) || candidate.StartsWith(suite + "/", StringComparison.Ordinal);

    private static IEnumerable<string> FromDeb822(string text, string suite)
    {
        foreach (var stanza in text.Replace("\r", "", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = new List<(string Key, string Value)>();
            foreach (var raw in stanza.Split('\n'))
            {
                if (raw.StartsWith('#') || raw.Trim().Length == 0)
                {
                    continue;
                }
                if (char.IsWhiteSpace(raw[0]) && fields.Count > 0)
                {
                    fields[^1] = (fields[^1].Key, fields[^1].Value + "\n" + raw);
                    continue;
                }
                var colon = raw.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    fields.Add((raw[..colon].Trim(), raw[(colon + 1)..].Trim()));
                }
            }
            var types = Field(fields, "Types");
            var enabled = Field(fields, "Enabled");
            var suites = Field(fields, "Suites").Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(s => IsForSuite(s, suite)).ToList();
            if (!types.Split(' ').Contains("deb") || enabled.Equals("no", StringComparison.OrdinalIgnoreCase) || suites.Count == 0)
            {
                continue;
            }
            var output = new StringBuilder();
            foreach (var (key, value) in fields)
            {
                var kept = key switch
                {
                    "Types" => "deb",
                    "Suites" => string.Join(' ', suites),
                    _ => value,
                };
                output.Append(key).Append(": ").Append(kept).Append('\n');
            }
            yield return output.ToString();
        }
    }

    private static IEnumerable<string> FromOneLine(IEnumerable<string> lines, string suite)
    {
        foreach (var raw in lines)
        {
            var line = raw.Split('#')[0].Trim();
            if (!line.StartsWith("deb ", StringComparison.Ordinal))
            {
                continue;
            }
            var words = line[4..].Trim();
            var options = "";
            if (words.StartsWith('['))
            {
                var end = words.IndexOf(']', StringComparison.Ordinal);
                if (end < 0)
                {
                    continue;
                }
                options = words[1..end];
                words = words[(end + 1)..].Trim();
            }
            var parts = words.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !IsForSuite(parts[1], suite))
            {
                continue;
            }
            var output = new StringBuilder($"Types: deb\nURIs: {parts[0]}\nSuites: {parts[1]}\n");
            if (parts.Length > 2)
            {
                output.Append("Components: ").Append(string.Join(' ', parts[2..])).Append('\n');
            }
            foreach (var option in options.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = option.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0 && option[..equals] == "signed-by")
                {
                    output.Append("Signed-By: ").Append(option[(equals + 1)..]).Append('\n');
                }
            }
            yield return output.ToString();
        }
    }

    private static string Field(List<(string Key, string Value)> fields, string key) =>
        fields.FirstOrDefault(f => f.Key.Equals(key, StringComparison.OrdinalIgnoreCase)).Value ?? "";
}
