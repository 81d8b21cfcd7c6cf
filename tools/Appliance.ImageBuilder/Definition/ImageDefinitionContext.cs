using System.Text.Json.Serialization;
using Tomlyn.Serialization;

namespace Appliance.ImageBuilder.Definition;

[TomlSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[TomlSerializable(typeof(ImageDefinition))]
internal sealed partial class ImageDefinitionContext : TomlSerializerContext
{
}
