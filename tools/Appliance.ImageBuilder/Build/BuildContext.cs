using Appliance.ImageBuilder.Definition;

namespace Appliance.ImageBuilder.Build;

// Everything a step may read: the validated definition, where inputs are, where outputs go.
// Outputs: <out>/image/* (the artifacts), <out>/image/work/* (intermediate trees), <out>/image/state/* (cache).
internal sealed class BuildContext
{
    public BuildContext(BuildOptions options, ImageDefinition definition, string definitionDirectory, string version, string applianceVersion)
    {
        Options = options;
        ApplianceVersion = applianceVersion;
        Definition = definition;
        DefinitionDirectory = definitionDirectory;
        Version = version;
        OutputDirectory = Path.GetFullPath(options.OutputDirectory);
        ImageDirectory = Path.Combine(OutputDirectory, "image");
        WorkDirectory = Path.Combine(ImageDirectory, "work");
        StateDirectory = Path.Combine(ImageDirectory, "state");
        ApplianceBinary = Path.GetFullPath(options.ApplianceBinary);
        _signing = new Lazy<Signing>(() => Signing.Settle(options, OutputDirectory));
    }

    private readonly Lazy<Signing> _signing;

    public BuildOptions Options { get; }
    public ImageDefinition Definition { get; }
    public string DefinitionDirectory { get; }
    public string Version { get; }
    public string ApplianceVersion { get; }
    public string OutputDirectory { get; }
    public string ImageDirectory { get; }
    public string WorkDirectory { get; }
    public string StateDirectory { get; }
    public string ApplianceBinary { get; }

    /// <summary>The key that signs update bundles and the public keys the image trusts (settled on first use).</summary>
    public Signing Signing => _signing.Value;

    public string Image(string name) => Path.Combine(ImageDirectory, name);

    public string Work(string name) => Path.Combine(WorkDirectory, name);

    // A path from the TOML, relative to the TOML file.
    public string FromDefinition(string path) => Path.GetFullPath(Path.Combine(DefinitionDirectory, path));

    // Seconds since 1970 for timestamps inside artifacts: SOURCE_DATE_EPOCH when set (reproducible builds).
    public static long? SourceDateEpoch =>
        long.TryParse(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"), out var epoch) ? epoch : null;
}
