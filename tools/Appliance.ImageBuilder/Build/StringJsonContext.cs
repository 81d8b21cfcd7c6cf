using System.Text.Json.Serialization;

namespace Appliance.ImageBuilder.Build;

[JsonSerializable(typeof(string))]
internal sealed partial class StringJsonContext : JsonSerializerContext
{
}
