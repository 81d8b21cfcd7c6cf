namespace Appliance.Config;

/// <summary>The <c>[hooks]</c> section: commands run on state changes of any instance. Null: no hook.</summary>
public sealed record HooksOptions
{
    public string? OnMaster { get; init; }

    public string? OnBackup { get; init; }

    public string? OnFault { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);
}
