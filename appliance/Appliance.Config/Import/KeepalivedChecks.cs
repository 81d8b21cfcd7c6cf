using System.Globalization;

namespace Appliance.Config;

/// <summary>vrrp_script blocks as [check:NAME] sections of type exec, and vrrp_sync_group blocks as [group:NAME].</summary>
internal static class KeepalivedChecks
{
    /// <summary>The [check:NAME] a tracked vrrp_script becomes, or null (with a note) when it cannot run without a shell.</summary>
    public static string? CheckName(KeepalivedGlobals.CheckScript script, KeepalivedGlobals globals, List<ImportNote> notes)
    {
        if (globals.Checks.FirstOrDefault(c => c.Value == script) is { Key: { } known })
        {
            return known;
        }

        if (script.Process)
        {
            notes.Add(new ImportNote(script.Line, ImportNoteKind.NotCarriedOver, $"vrrp_track_process {script.Name} ({script.Command}): process tracking has no equivalent; write an exec check that looks for the process. Not carried over"));
            return null;
        }

        var findings = new Findings(new SourceMap());
        if (string.IsNullOrWhiteSpace(script.Command) || ProgramLine.Parse(new SectionReader(findings, "check"), "target", script.Command.Trim()) is null)
        {
            var why = findings.Sorted().FirstOrDefault()?.Message ?? "empty script";
            notes.Add(new ImportNote(script.Line, ImportNoteKind.NotCarriedOver, $"vrrp_script {script.Name} (\"{script.Command}\"): {why}. Not carried over"));
            return null;
        }

        var name = KeepalivedImporter.UniqueName(script.Name, new HashSet<string>(globals.Checks.Keys.Append(TrackSpec.Nginx), StringComparer.OrdinalIgnoreCase));
        globals.Checks[name] = script;
        var interval = script.Interval is { } i && i >= TimeSpan.FromMilliseconds(10) ? i : TimeSpan.FromSeconds(1);
        var timeout = script.Timeout is { } t && t < interval ? "" : $"; timeout {(script.Timeout is { } given ? Durations.Format(given) : "(none)")} is not below the interval: half the interval";
        notes.Add(new ImportNote(script.Line, ImportNoteKind.Adjusted, $"vrrp_script {script.Name}: [check:{name}] type = exec, run without a shell{timeout}"));
        return name;
    }

    /// <summary>The [check:NAME] sections of the scripts that some instance tracks.</summary>
    public static void Render(System.Text.StringBuilder ini, KeepalivedGlobals globals)
    {
        foreach (var (name, script) in globals.Checks)
        {
            ini.Append($"\n; from vrrp_script {KeepalivedIniWriter.Comment(script.Name)} (line {script.Line})\n[check:{name}]\ntype = exec\n");
            ini.Append($"target = {script.Command.Trim()}\n");
            var interval = script.Interval is { } i && i >= TimeSpan.FromMilliseconds(10) ? i : TimeSpan.FromSeconds(1);
            ini.Append($"interval = {Durations.Format(interval)}\n");
            if (script.Timeout is { } timeout && timeout < interval && timeout >= TimeSpan.FromMilliseconds(10))
            {
                ini.Append($"timeout = {Durations.Format(timeout)}\n");
            }

            if (script.Rise is { } rise && rise is >= 1 and <= 100)
            {
                ini.Append(CultureInfo.InvariantCulture, $"rise = {rise}\n");
            }

            if (script.Fall is { } fall && fall is >= 1 and <= 100)
            {
                ini.Append(CultureInfo.InvariantCulture, $"fall = {fall}\n");
            }
        }
    }

    /// <summary>
    /// vrrp_sync_group NAME { group { VI_1 VI_2 } } becomes [group:NAME] instances = ... with the imported names. A
    /// member's weighted tracking becomes fault: keepalived ignores weights in a sync group by default, and a
    /// failing object then takes the group to fault.
    /// </summary>
    public static List<(string Name, List<string> Members, int Line)> SyncGroups(IEnumerable<KeepalivedNode> tree, List<ImportedInstance> instances, List<ImportNote> notes)
    {
        var groups = new List<(string, List<string>, int)>();
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var grouped = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var node in tree.Where(n => string.Equals(n.Keyword, "vrrp_sync_group", StringComparison.OrdinalIgnoreCase)))
        {
            var members = new List<string>();
            foreach (var member in node.First("group")?.Children ?? [])
            {
                // The loader refuses a member listed twice and an instance in two groups (found by tools/fuzz.sh).
                var instance = instances.FirstOrDefault(i => i.SourceName == member.Keyword);
                if (instance is not null && members.Contains(instance.Name))
                {
                    notes.Add(new ImportNote(member.Line, ImportNoteKind.Adjusted, $"vrrp_sync_group {node.Arg(0)}: {member.Keyword} is listed twice: once is enough"));
                }
                else if (instance is not null && grouped.TryGetValue(instance.Name, out var other))
                {
                    notes.Add(new ImportNote(member.Line, ImportNoteKind.NotCarriedOver, $"vrrp_sync_group {node.Arg(0)}: {member.Keyword} is already in vrrp_sync_group {other}, and an instance belongs to one group at most: left out of this one"));
                }
                else if (instance is not null)
                {
                    members.Add(instance.Name);
                    for (var t = 0; t < instance.Track.Count; t++)
                    {
                        if (instance.Track[t].Weight is { } weight)
                        {
                            notes.Add(new ImportNote(node.Line, ImportNoteKind.Adjusted, $"vrrp_sync_group {node.Arg(0)}: {instance.SourceName} tracks {instance.Track[t].Object} with weight {weight}; keepalived ignores weights in a sync group, so it is tracked as fault"));
                            instance.Track[t] = (instance.Track[t].Object, null);
                        }
                    }
                }
                else
                {
                    notes.Add(new ImportNote(member.Line, ImportNoteKind.NotCarriedOver, $"vrrp_sync_group {node.Arg(0)}: {member.Keyword} is not an imported instance: left out of the group"));
                }
            }

            foreach (var child in (node.Children ?? []).Where(c => !string.Equals(c.Keyword, "group", StringComparison.OrdinalIgnoreCase)))
            {
                notes.Add(new ImportNote(child.Line, ImportNoteKind.NotCarriedOver, $"vrrp_sync_group {node.Arg(0)} {child.Keyword}: a group has no scripts here; set notify on each [vrrp:NAME]"));
            }

            if (members.Count < 2)
            {
                notes.Add(new ImportNote(node.Line, ImportNoteKind.NotCarriedOver, $"vrrp_sync_group {node.Arg(0)}: fewer than two imported instances: no group"));
                continue;
            }

            members.ForEach(m => grouped[m] = node.Arg(0));
            groups.Add((KeepalivedImporter.UniqueName(node.Arg(0) ?? "group", taken), members, node.Line));
        }

        return groups;
    }
}
