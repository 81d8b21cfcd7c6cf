namespace Appliance.Config;

/// <summary>
/// The outcome of <see cref="ApplianceConfigLoader.Load"/>: every diagnostic, in line order, and the configuration
/// when there is no error (warnings do not stop it).
/// </summary>
public sealed record ConfigLoadResult(ApplianceConfig? Config, IReadOnlyList<ConfigDiagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    public IEnumerable<ConfigDiagnostic> Errors => Diagnostics.Where(d => d.IsError);

    public IEnumerable<ConfigDiagnostic> Warnings => Diagnostics.Where(d => !d.IsError);

    /// <summary>All diagnostics, one per line, as <c>appliance config check</c> prints them.</summary>
    public string Format(string? fileName = null) => string.Join('\n', Diagnostics.Select(d => d.Format(fileName)));
}
