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

    /// <summary>A vrrp_script (or vrrp_track_process: Process), with its timing for a [check:NAME] of type exec.</summary>
    public sealed record CheckScript(string Name, string Command, int? Weight, int Line, NginxCheck.Verdict Verdict)
    {
        public bool Process { get; init; }

        public TimeSpan? Interval { get; init; }

        public TimeSpan? Timeout { get; init; }

        public int? Rise { get; init; }

        public int? Fall { get; init; }
    }

    /// <summary>vrrp_scripts some instance tracks, by their [check:NAME] name.</summary>
    public Dictionary<string, CheckScript> Checks { get; } = new(StringComparer.OrdinalIgnoreCase);
}
