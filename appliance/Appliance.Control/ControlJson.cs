using System.Text.Json;
using System.Text.Json.Serialization;

namespace Appliance.Control;

/// <summary>Source-generated JSON for the control protocol: AOT-clean, snake_case names on the wire.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(ControlRequest))]
[JsonSerializable(typeof(ControlResponse))]
[JsonSerializable(typeof(StatusReport))]
public sealed partial class ControlJson : JsonSerializerContext
{
    /// <summary>
    /// What goes over the socket: compact, and with text as it is ("'web'" rather than "\u0027web\u0027"), since
    /// these lines are read by people in logs and never embedded in HTML.
    /// </summary>
    public static ControlJson Wire { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Indented, for <c>appliance status --json</c> read by people.</summary>
    public static ControlJson Indented { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,

        // People read this form: "0.1.0+abc" rather than "0.1.0\u002Babc". It is never embedded in HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
