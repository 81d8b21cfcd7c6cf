namespace Appliance.Config;

/// <summary>What the instances inherit from global_defs, vrrp_script and vrrp_track_process blocks.</summary>
internal sealed class KeepalivedGlobals
{
    public int? Version { get; set; }

    public bool Strict { get; set; }

    public string? RouterId { get; set; }

    public int? GarpRepeat { get; set; }

    public TimeSpan? GarpInterval { get; set; }

    public TimeSpan? GnaInterval { get; set; }

    /// <summary>global_defs vrrp_garp_master_refresh, in seconds: the default of every instance's garp_master_refresh.</summary>
    public TimeSpan? GarpRefresh { get; set; }

    public Dictionary<string, CheckScript> Scripts { get; } = new(StringComparer.Ordinal);

    public sealed record CheckScript(string Name, string Command, int? Weight, int Line, NginxCheck.Verdict Verdict);
}
