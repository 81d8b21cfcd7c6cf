namespace Appliance.Config;

/// <summary>Checks between [check:NAME] sections and the rest: a tracked name must say one thing.</summary>
internal static class CheckCrossChecks
{
    public static void Names(IReadOnlyList<string> checks, IReadOnlyList<InterfaceOptions> interfaces, ConfigEnvironment environment, Findings findings)
    {
        foreach (var name in checks)
        {
            // [vrrp:NAME:track] names a check, nginx or a link by the same word: two of them cannot share it.
            var section = "check:" + name;
            if (string.Equals(name, TrackSpec.Nginx, StringComparison.OrdinalIgnoreCase))
            {
                findings.Error(section, null, null, "a check cannot be called nginx: [vrrp:NAME:track] nginx = ... tracks the supervised nginx; name the check after what it probes, e.g. [check:backend]");
            }
            else if (interfaces.Any(i => string.Equals(i.Name, name, StringComparison.Ordinal))
                     || environment.KnownInterfaces?.Contains(name, StringComparer.Ordinal) == true)
            {
                findings.Error(section, null, null, $"{name} is also an interface: a tracked {name} would be ambiguous; give the check another name");
            }
        }
    }
}
