namespace Appliance.ImageBuilder.Build;

// SigningKey: the operator's PEM private key that signs update bundles (null: the development key under
// OutputDirectory/signing). TrustedKeys: a directory of extra PEM public keys the image's `appliance upgrade` trusts.
internal sealed record BuildOptions(
    string DefinitionPath,
    string ApplianceBinary,
    string OutputDirectory,
    string? Version,
    bool Force,
    bool Verbose,
    string? SigningKey = null,
    string? TrustedKeys = null);
