namespace Appliance.Config;

/// <summary>The message for a key the section does not know: a near spelling, a keepalived name, or the key's real section.</summary>
internal static class UnknownKey
{
    // keepalived's names for the same thing, for operators coming from keepalived.conf.
    private static readonly Dictionary<string, string> KeepalivedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["virtual_router_id"] = "keepalived's virtual_router_id is vrid here",
        ["advert_int"] = "keepalived's advert_int is advert_interval here (with a unit: 1s)",
        ["virtual_ipaddress"] = "keepalived's virtual_ipaddress is virtual_ip here (comma separated)",
        ["unicast_src_ip"] = "keepalived's unicast_src_ip is unicast_source here",
        ["use_vmac"] = "keepalived's use_vmac is virtual_mac = true here",
        ["nopreempt"] = "keepalived's nopreempt is preempt = false here",
        ["garp_master_repeat"] = "keepalived's garp_master_repeat is announce_count here",
        ["garp_interval"] = "keepalived's garp_interval is announce_interval here",
        ["state"] = "there is no start state: every instance starts as backup and the priorities elect the master",
        ["authentication"] = "VRRP authentication does not exist in VRRPv3 and is not supported",
        ["auth_type"] = "VRRP authentication does not exist in VRRPv3 and is not supported",
        ["auth_pass"] = "VRRP authentication does not exist in VRRPv3 and is not supported",
        ["track_interface"] = "tracked objects go in the [vrrp:NAME:track] section: eth1 = -20",
        ["track_script"] = "tracked objects go in the [vrrp:NAME:track] section: a [check:NAME] is tracked as NAME = -30 or NAME = fault",
        ["track"] = "tracked objects go in the [vrrp:NAME:track] section: nginx = fault",
    };

    public static string Message(SectionKind kind, string key)
    {
        var known = ConfigSchema.KeysOf(kind).Select(k => k.Name).ToList();
        if (kind == SectionKind.Vrrp && KeepalivedNames.TryGetValue(key, out var hint))
        {
            return $"unknown key: {hint}";
        }

        if (kind == SectionKind.Check && key.ToLowerInvariant() is "weight" or "script")
        {
            return key.Equals("weight", StringComparison.OrdinalIgnoreCase)
                ? "unknown key: the weight is set where the check is tracked, in [vrrp:NAME:track]: CHECK = -30 (or CHECK = fault)"
                : "unknown key: keepalived's script is target here, with type = exec";
        }

        if (Suggestions.Nearest(key, known) is { } nearest)
        {
            return $"unknown key: did you mean '{nearest}'?";
        }

        var elsewhere = ConfigSchema.Keys.FirstOrDefault(k => k.Section != kind && string.Equals(k.Name, key, StringComparison.OrdinalIgnoreCase));
        if (elsewhere is not null)
        {
            return $"unknown key: {elsewhere.Name} belongs in {ConfigSchema.SectionTemplate(elsewhere.Section)}, not {ConfigSchema.SectionTemplate(kind)}";
        }

        return $"unknown key: {ConfigSchema.SectionTemplate(kind)} knows {string.Join(", ", known)}";
    }
}
