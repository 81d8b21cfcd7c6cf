namespace Appliance.Config;

/// <summary>A <c>[vrrp:NAME:track]</c> section: nginx, checks or interfaces, each fault or a weight applied while down.</summary>
internal static class VrrpTrackSection
{
    public static List<TrackSpec> Read(Findings findings, string section, Dictionary<string, string?> raw, IReadOnlyList<InterfaceOptions> interfaces, ConfigEnvironment environment, bool nginxEnabled, IReadOnlyList<string> checks)
    {
        var track = new List<TrackSpec>();
        var r = new SectionReader(findings, section);
        // The binder hands keys over sorted; the operator's order is the file's.
        foreach (var (name, value) in raw.OrderBy(t => findings.Map.KeyLine(section, t.Key) ?? int.MaxValue))
        {
            if (!TrackValue(r, name, value ?? "", out var action, out var weight))
            {
                continue;
            }

            var spec = new TrackSpec(name, action, weight);
            if (spec.IsNginx && !nginxEnabled)
            {
                r.Warning(name, value, "nginx is tracked but [nginx] enabled = false");
            }

            if (TrackedObjects.Resolve(r, name, value, name, interfaces, environment, checks) is not { } objectName)
            {
                continue;
            }

            spec = spec with { ObjectName = objectName };
            track.Add(spec);
        }

        return track;
    }

    private static bool TrackValue(SectionReader r, string name, string value, out TrackAction action, out int weight)
    {
        action = TrackAction.Fault;
        weight = 0;
        if (string.Equals(value, "fault", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!Values.TryInt(value, out weight) || weight is < -254 or > 254)
        {
            r.Error(name, value, $"a tracked object takes fault or a signed number -254..254 (added to the priority while it is down){Values.CommentHint(value)}");
            return false;
        }

        action = TrackAction.Weight;
        if (weight == 0)
        {
            r.Warning(name, value, "weight 0 has no effect: write fault to resign, or a negative number to lower the priority");
        }
        else if (weight > 0)
        {
            r.Warning(name, value, $"a positive weight raises the priority while {name} is DOWN (keepalived adds positive weights while a check succeeds): you probably want -{weight}");
        }

        return true;
    }
}
