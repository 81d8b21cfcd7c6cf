using System.Text.Json.Serialization;

namespace Appliance.Supervisor.Upgrade;

/// <summary>manifest.json of an update bundle (image/BOOT.md): parsed only after its signature verified.</summary>
public sealed record UpdateManifest
{
    public int Format { get; init; }

    public string? Image { get; init; }

    public string? Version { get; init; }

    public string? ApplianceVersion { get; init; }

    public string? Kernel { get; init; }

    public IReadOnlyList<UpdateFile> Files { get; init; } = [];
}

/// <summary>One payload: <c>slot</c> (the root partition) or <c>boot:/{slot}/NAME</c>.</summary>
public sealed record UpdateFile(string Name, string Target, long Size, string Sha256);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(UpdateManifest))]
internal sealed partial class UpgradeJson : JsonSerializerContext;
