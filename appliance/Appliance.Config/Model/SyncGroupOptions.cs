namespace Appliance.Config;

/// <summary>
/// A <c>[group:NAME]</c> section: instances that move together, as keepalived's <c>vrrp_sync_group</c>. Member names
/// are written as their [vrrp:NAME] sections spell them.
/// </summary>
public sealed record SyncGroupOptions
{
    public required string Name { get; init; }

    public IReadOnlyList<string> Instances { get; init => field = EquatableList.From(value); } = EquatableList<string>.Empty;
}
