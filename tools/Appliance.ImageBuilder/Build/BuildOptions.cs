namespace Appliance.ImageBuilder.Build;

internal sealed record BuildOptions(
    string DefinitionPath,
    string ApplianceBinary,
    string OutputDirectory,
    string? Version,
    bool Force,
    bool Verbose);
