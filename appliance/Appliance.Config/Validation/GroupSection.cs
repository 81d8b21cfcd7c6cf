namespace Appliance.Config;

/// <summary>[group:NAME] sections: each names 2-16 existing instances, none in two groups, none tracking with a weight.</summary>
internal static class GroupSection
{
    private const int MaxMembers = 16;

    public static List<SyncGroupOptions> Read(IReadOnlyList<string> names, Dictionary<string, RawGroup> raw, IReadOnlyList<VrrpInstanceOptions> instances, IReadOnlyList<string> instanceNames, Findings findings)
    {
        var groups = new List<SyncGroupOptions>();
        var memberOf = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            var r = new SectionReader(findings, "group:" + name);
            var text = raw.GetValueOrDefault(name)?.Instances;
            if (string.IsNullOrWhiteSpace(text))
            {
                r.Error("instances", text, "required: the instances that move together, e.g. instances = web4, web6");
                continue;
            }

            if (!r.List("instances", text, out var members))
            {
                continue;
            }

            var valid = new List<string>();
            foreach (var member in members)
            {
                var known = instanceNames.FirstOrDefault(n => string.Equals(n, member, StringComparison.OrdinalIgnoreCase));
                if (known is null)
                {
                    var nearest = Suggestions.Nearest(member, instanceNames);
                    r.Error("instances", text, $"unknown instance {member}: there is no [vrrp:{member}]" + (nearest is null ? "" : $" (did you mean '{nearest}'?)"));
                }
                else if (valid.Contains(known, StringComparer.OrdinalIgnoreCase))
                {
                    r.Error("instances", text, $"{member} is listed twice");
                }
                else if (memberOf.TryGetValue(known, out var other))
                {
                    r.Error("instances", text, $"{known} is already in [group:{other}]: an instance belongs to one group at most");
                }
                else
                {
                    valid.Add(known);
                    memberOf[known] = name;
                    WeightsRefused(r, text, instances.FirstOrDefault(i => string.Equals(i.Name, known, StringComparison.OrdinalIgnoreCase)));
                }
            }

            if (members.Count < 2 || members.Count > MaxMembers)
            {
                r.Error("instances", text, members.Count < 2
                    ? "a group needs at least two instances: a single instance moves on its own"
                    : $"{members.Count} instances: a group has at most {MaxMembers}");
                continue;
            }

            if (valid.Count == members.Count)
            {
                groups.Add(new SyncGroupOptions { Name = name, Instances = valid });
            }
        }

        return groups;
    }

    /// <summary>
    /// Members move together through fault; a weight would lower one member's priority alone and split the group
    /// between the boxes (keepalived ignores such weights in a sync group by default; here the file says so).
    /// </summary>
    private static void WeightsRefused(SectionReader r, string text, VrrpInstanceOptions? instance)
    {
        if (instance?.Track.FirstOrDefault(t => t.Action == TrackAction.Weight) is { } weighted)
        {
            r.Error("instances", text, $"{instance.Name} tracks {weighted.ObjectName} with a weight ({weighted.Weight}): in a group a weight would move one member alone; track it as {weighted.ObjectName} = fault in [vrrp:{instance.Name}:track]");
        }
    }
}
