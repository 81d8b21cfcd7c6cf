namespace Appliance.Config;

/// <summary>
/// What a tracked name means, the same for <c>[vrrp:NAME:track]</c> and <c>[anycast:NAME] track</c>: nginx, a
/// <c>[check:NAME]</c>, or an interface (of this file, of the box, or one that may still appear).
/// </summary>
internal static class TrackedObjects
{
    /// <summary>The object's canonical name (nginx, the check as its section spells it, the interface), or null after an error.</summary>
    public static string? Resolve(SectionReader r, string key, string? value, string name, IReadOnlyList<InterfaceOptions> interfaces, ConfigEnvironment environment, IReadOnlyList<string> checks)
    {
        if (string.Equals(name, TrackSpec.Nginx, StringComparison.OrdinalIgnoreCase))
        {
            return TrackSpec.Nginx;
        }

        // A [check:NAME] section, even one with errors of its own: those are reported there.
        if (checks.FirstOrDefault(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase)) is { } check)
        {
            return check;
        }

        var syntaxOk = Names.InterfaceNameProblem(name) is null;
        var unknown = !syntaxOk || !interfaces.Any(i => i.Name == name) && environment.KnownInterfaces?.Contains(name, StringComparer.Ordinal) != true;
        if (unknown && environment.LinksMayAppear && syntaxOk)
        {
            r.Warning(key, value, $"tracked interface {name} does not exist yet: it counts as down until it appears");
        }
        else if (unknown)
        {
            var nearest = Suggestions.NearestInterface(name, interfaces.Select(i => i.Name).Concat(environment.KnownInterfaces ?? []).Append(TrackSpec.Nginx).Concat(checks));
            var known = environment.KnownInterfaces is null ? $"no [check:{name}] or [interface:{name}] section" : "neither a [check:NAME] section, an [interface:NAME] section nor a link of this box";
            r.Error(key, value, $"unknown tracked object: {name} is {known}; track nginx, a [check:NAME] or an interface" + (nearest is null ? "" : $" (did you mean '{nearest}'?)"));
            return null;
        }

        return name;
    }
}
