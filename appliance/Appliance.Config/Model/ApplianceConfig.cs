namespace Appliance.Config;

/// <summary>
/// A validated configuration. Every record here has value equality (lists included), so
/// <c>oldConfig.Vrrp[0] == newConfig.Vrrp[0]</c> tells whether an instance changed.
/// </summary>
public sealed record ApplianceConfig
{
    public SystemOptions System { get; init; } = new();

    public IReadOnlyList<InterfaceOptions> Interfaces { get; init => field = EquatableList.From(value); } = EquatableList<InterfaceOptions>.Empty;

    public IReadOnlyList<VrrpInstanceOptions> Vrrp { get; init => field = EquatableList.From(value); } = EquatableList<VrrpInstanceOptions>.Empty;

    public NginxOptions Nginx { get; init; } = new();

    public HooksOptions Hooks { get; init; } = new();

    public LogOptions Log { get; init; } = new();

    public MetricsOptions Metrics { get; init; } = new();
    public IReadOnlyList<CheckOptions> Checks { get; init => field = EquatableList.From(value); } = EquatableList<CheckOptions>.Empty;

    public IReadOnlyList<SyncGroupOptions> Groups { get; init => field = EquatableList.From(value); } = EquatableList<SyncGroupOptions>.Empty;

    /// <summary>The [bgp] section, or null when there is none (then there is no [anycast:NAME] either).</summary>
    public BgpOptions? Bgp { get; init; }

    public IReadOnlyList<AnycastOptions> Anycast { get; init => field = EquatableList.From(value); } = EquatableList<AnycastOptions>.Empty;

    public InterfaceOptions? FindInterface(string name) =>
        Interfaces.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.Ordinal));

    public VrrpInstanceOptions? FindVrrp(string name) =>
        Vrrp.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));

    public CheckOptions? FindCheck(string name) =>
        Checks.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}
