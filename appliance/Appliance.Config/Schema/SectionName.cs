namespace Appliance.Config;

/// <summary>Classifies section paths (<c>vrrp:web:track</c>) and says precisely what is wrong with one that is not known.</summary>
internal static class SectionName
{
    private static readonly string[] Words = ["system", "interface", "vrrp", "nginx", "hooks", "log", "metrics", "check", "group", "bgp", "anycast"];

    public static bool TryClassify(string path, out SectionKind kind, out string? name) =>
        Diagnose(path, out kind, out name) is null;

    /// <summary>Null when the path is a known section; otherwise the message for the operator.</summary>
    public static string? Diagnose(string path, out SectionKind kind, out string? name)
    {
        kind = default;
        name = null;
        var parts = path.Split(':');
        if (parts.Any(p => p.Length > 0 && p.Trim().Length != p.Length))
        {
            return $"spaces around ':' in a section name: write [{string.Join(':', parts.Select(p => p.Trim()))}]";
        }

        var word = parts[0].ToLowerInvariant();
        switch (word)
        {
            case "system" or "nginx" or "hooks" or "log" or "metrics" or "bgp":
                kind = word switch
                {
                    "system" => SectionKind.System,
                    "nginx" => SectionKind.Nginx,
                    "hooks" => SectionKind.Hooks,
                    "metrics" => SectionKind.Metrics,
                    "bgp" => SectionKind.Bgp,
                    _ => SectionKind.Log,
                };
                return parts.Length == 1 ? null : $"[{word}] takes no name: write [{word}]";
            case "interface":
                kind = SectionKind.Interface;
                if (parts.Length == 1 || parts[1].Length == 0)
                {
                    return "missing interface name: write [interface:NAME], e.g. [interface:eth0]";
                }

                if (parts.Length > 2)
                {
                    return $"unknown section: an interface section is [interface:NAME] (':' cannot be part of an interface name)";
                }

                name = parts[1];
                return Names.InterfaceNameProblem(name) is { } why ? $"bad interface name '{name}': {why}" : null;
            case "vrrp":
                kind = SectionKind.Vrrp;
                if (parts.Length == 1 || parts[1].Length == 0)
                {
                    return "missing instance name: write [vrrp:NAME], e.g. [vrrp:web]";
                }

                name = parts[1];
                if (Names.InstanceNameProblem(name) is { } problem)
                {
                    return $"bad instance name '{name}': {problem}";
                }

                if (parts.Length == 2)
                {
                    return null;
                }

                kind = SectionKind.VrrpTrack;
                if (parts.Length == 3 && string.Equals(parts[2], "track", StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                return parts.Length == 3 && Suggestions.Nearest(parts[2], ["track"]) is not null
                    ? $"unknown section: did you mean [vrrp:{name}:track]?"
                    : $"unknown section: an instance has [vrrp:{name}] and [vrrp:{name}:track]";
            case "check" or "group":
                kind = word == "check" ? SectionKind.Check : SectionKind.Group;
                if (parts.Length == 1 || parts[1].Length == 0)
                {
                    return $"missing {word} name: write [{word}:NAME], e.g. [{word}:{(word == "check" ? "backend" : "site")}]";
                }

                if (parts.Length > 2)
                {
                    return $"unknown section: a {word} section is [{word}:NAME] (':' cannot be part of a {word} name)";
                }

                name = parts[1];
                return Names.CheckNameProblem(name) is { } bad ? $"bad {word} name '{name}': {bad.Replace("check names", word + " names", StringComparison.Ordinal)}" : null;
            case "anycast":
                kind = SectionKind.Anycast;
                if (parts.Length == 1 || parts[1].Length == 0)
                {
                    return "missing group name: write [anycast:NAME], e.g. [anycast:web]";
                }

                if (parts.Length > 2)
                {
                    return "unknown section: an anycast section is [anycast:NAME] (':' cannot be part of its name)";
                }

                name = parts[1];
                return Names.AnycastNameProblem(name) is { } wrong ? $"bad anycast name '{name}': {wrong}" : null;
            default:
                var nearest = Suggestions.Nearest(parts[0], Words);
                if (nearest is null)
                {
                    return "unknown section: the sections are [system], [interface:NAME], [vrrp:NAME], [vrrp:NAME:track], [check:NAME], [group:NAME], [nginx], [hooks], [log], [metrics], [bgp], [anycast:NAME]";
                }

                parts[0] = nearest;
                return $"unknown section: did you mean [{string.Join(':', parts)}]?";
        }
    }
}
