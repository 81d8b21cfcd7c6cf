namespace Appliance.Config;

/// <summary>track_interface, track_script and track_process, with keepalived weights turned into appliance weights.</summary>
internal sealed partial class KeepalivedInstanceReader
{
    private void Script(ImportedInstance instance, KeepalivedNode entry)
    {
        var name = entry.Keyword;
        if (Reversed(entry))
        {
            return;
        }

        if (!_globals.Scripts.TryGetValue(name, out var script))
        {
            Note(entry.Line, ImportNoteKind.NotCarriedOver, $"track_script {name}: no vrrp_script or vrrp_track_process of that name: not carried over");
            return;
        }

        if (script.Verdict == NginxCheck.Verdict.NotNginx)
        {
            if (KeepalivedChecks.CheckName(script, _globals, _notes) is { } check)
            {
                AddTrack(instance, check, Weight(entry) ?? script.Weight, entry.Line, $"track_script {name}");
            }

            return;
        }

        var weight = Weight(entry) ?? script.Weight;
        var assumed = script.Verdict == NginxCheck.Verdict.NginxByName ? " (assumed from its name: check what the script does)" : "";
        Note(entry.Line, ImportNoteKind.Adjusted, $"track_script {name} (\"{script.Command}\") checks nginx{assumed}: tracked as nginx; the supervisor watches nginx itself (process and HTTP probe), keepalived's script is not run");
        AddTrack(instance, TrackSpec.Nginx, weight, entry.Line, $"track_script {name}");
    }
    /// <summary>
    /// keepalived adds a positive weight while the check succeeds and a negative one while it fails; here a weight
    /// applies while the object is down. So +w becomes w on the base priority and -w on the object: the same
    /// priorities in every state.
    /// </summary>
    private void AddTrack(ImportedInstance instance, string name, int? weight, int line, string what)
    {
        if (instance.Track.Any(t => string.Equals(t.Object, name, StringComparison.OrdinalIgnoreCase)))
        {
            Note(line, ImportNoteKind.NotCarriedOver, $"{what}: {name} is already tracked by this instance; the first entry counts");
            return;
        }

        if (weight is null or 0)
        {
            instance.Track.Add((name, null));
            return;
        }

        var w = Math.Clamp(weight.Value, -254, 254);
        if (w > 0)
        {
            _priorityBonus += w;
            Note(line, ImportNoteKind.Adjusted, $"{what} weight {w}: keepalived adds it while {name} is up; here the priority includes it and {name} = -{w} takes it away while {name} is down (same priorities in every state)");
            instance.Track.Add((name, -w));
        }
        else
        {
            instance.Track.Add((name, w));
        }
    }
    private void FinishPriority(ImportedInstance instance)
    {
        var total = instance.Priority + _priorityBonus;
        if (total > 254)
        {
            Note(instance.Line, ImportNoteKind.Adjusted, $"{instance.SourceName}: priority {instance.Priority} + positive track weights {_priorityBonus} = {total}, above 254: capped at 254. Check the priorities against the other box");
            total = 254;
        }

        instance.Priority = total;
    }
    private bool Reversed(KeepalivedNode entry)
    {
        if (!entry.Args.Contains("reverse", StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        Note(entry.Line, ImportNoteKind.NotCarriedOver, $"{entry}: 'reverse' weights (down raises, up lowers) have no equivalent: not carried over");
        return true;
    }
    /// <summary>keepalived's notify programs map one to one; a line that needs a shell, or names a user, does not.</summary>
    private void Notify(ImportedInstance instance, KeepalivedNode node, string keyword)
    {
        var program = node.Arg(0) ?? "";
        var findings = new Findings(new SourceMap());
        if (node.Args.Count > 1)
        {
            Note(node.Line, ImportNoteKind.NotCarriedOver, $"{node}: running as another user ({string.Join(' ', node.Args.Skip(1))}) is not supported: not carried over");
        }
        else if (string.IsNullOrWhiteSpace(program) || ProgramLine.Parse(new SectionReader(findings, "vrrp"), keyword, program.Trim()) is null)
        {
            var why = findings.Sorted().FirstOrDefault()?.Message ?? "empty";
            Note(node.Line, ImportNoteKind.NotCarriedOver, $"{keyword} \"{program}\": {why}. Not carried over");
        }
        else
        {
            instance.Notify[keyword] = program.Trim();
        }
    }

    private static int? Weight(KeepalivedNode entry)
    {
        var at = entry.Args.ToList().FindIndex(a => string.Equals(a, "weight", StringComparison.OrdinalIgnoreCase));
        return at >= 0 && Values.TryInt(entry.Arg(at + 1) ?? "", out var weight) ? weight : null;
    }
}
