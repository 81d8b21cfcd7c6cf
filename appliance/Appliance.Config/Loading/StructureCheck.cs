using System.Text;

namespace Appliance.Config;

/// <summary>
/// The line-level pass of the loader: malformed lines, unknown and duplicate sections and keys, each with its line
/// number. It fills the <see cref="SourceMap"/> and returns the text the Ini provider may read: only the accepted
/// lines (rejected ones become blank), so that provider never throws and binds nothing the schema does not know.
/// </summary>
internal static class StructureCheck
{
    public static string Run(ConfigDocument document, Findings findings)
    {
        var map = findings.Map;
        var accepted = new StringBuilder();
        string? section = null;
        var kind = SectionKind.System;
        var usable = false;
        var broken = false;
        var sectionLines = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var keyLines = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var number = 0;
        foreach (var line in document.Lines)
        {
            number++;
            var keep = false;
            switch (line.Kind)
            {
                case IniLineKind.Malformed:
                    findings.AddAt(ConfigSeverity.Error, line.LooksLikeSection || !usable ? "" : section!, null, null, line.Problem!, number);
                    if (line.LooksLikeSection)
                    {
                        section = null;
                        usable = false;
                        broken = true;
                    }

                    break;
                case IniLineKind.Section:
                    section = line.Section!;
                    broken = false;
                    if (sectionLines.TryGetValue(section, out var first))
                    {
                        SectionName.TryClassify(section, out kind, out _);
                        findings.AddAt(ConfigSeverity.Error, section, null, null, $"duplicate section: [{section}] already starts on line {first}; write each section once", number);
                    }
                    else if (SectionName.Diagnose(section, out kind, out _) is { } problem)
                    {
                        findings.AddAt(ConfigSeverity.Error, section, null, null, problem, number);
                        usable = false;
                        break;
                    }
                    else
                    {
                        sectionLines[section] = number;
                        map.AddSection(section, number);
                    }

                    usable = true;
                    keep = true;
                    break;
                case IniLineKind.Key:
                    keep = AcceptKey(line, section, kind, usable, broken, number, keyLines, findings);
                    break;
            }

            if (keep)
            {
                accepted.Append(line.Text.TrimStart('\uFEFF'));
            }

            accepted.Append('\n');
        }

        return accepted.ToString();
    }

    private static bool AcceptKey(IniLine line, string? section, SectionKind kind, bool usable, bool broken, int number, Dictionary<string, int> keyLines, Findings findings)
    {
        var key = line.Key!;
        if (section is null)
        {
            if (broken)
            {
                return false; // under a malformed section header, which carries the error
            }

            var home = ConfigSchema.Keys.Where(k => string.Equals(k.Name, key, StringComparison.OrdinalIgnoreCase)).Select(k => ConfigSchema.SectionTemplate(k.Section)).Distinct().ToList();
            var where = home.Count > 0 ? $"put it under {string.Join(" or ", home)}" : "every key belongs under a [section]";
            findings.AddAt(ConfigSeverity.Error, "", key, line.Value, $"key outside any section: {where}", number);
            return false;
        }

        if (!usable)
        {
            return false; // the section is unknown or malformed; its header carries the error
        }

        if (kind == SectionKind.VrrpTrack)
        {
            if (Names.TrackObjectProblem(key) is { } problem)
            {
                findings.AddAt(ConfigSeverity.Error, section, key, line.Value, $"not a trackable object: {problem}; track nginx, an interface or a [check:NAME]", number);
                return false;
            }
        }
        else if (ConfigSchema.Find(kind, key) is null)
        {
            findings.AddAt(ConfigSeverity.Error, section, key, line.Value, UnknownKey.Message(kind, key), number);
            return false;
        }

        var id = section + "\n" + key;
        if (keyLines.TryGetValue(id, out var first))
        {
            findings.AddAt(ConfigSeverity.Error, section, key, line.Value, $"duplicate key: {key} is already set on line {first}; keep one", number);
            return false;
        }

        keyLines[id] = number;
        findings.Map.AddKey(section, key, number);
        return true;
    }
}
