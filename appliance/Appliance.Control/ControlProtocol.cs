using System.Text.Json;

namespace Appliance.Control;

/// <summary>Framing: one JSON object per line, UTF-8, at most <see cref="MaxLineBytes"/> bytes.</summary>
public static class ControlProtocol
{
    public const int MaxLineBytes = 64 * 1024;
    public const string SocketName = "control.sock";

    /// <summary>The consoles' own socket, root only, with slots of its own: a full control socket never locks them out.</summary>
    public const string ConsoleSocketName = "console.sock";

    public static string SocketPath(string stateDirectory) => Path.Combine(stateDirectory, SocketName);

    public static string ConsoleSocketPath(string stateDirectory) => Path.Combine(stateDirectory, ConsoleSocketName);

    /// <summary>Parses a request line; a malformed one gets a reason for the error response, never an exception.</summary>
    public static bool TryParseRequest(ReadOnlySpan<byte> line, out ControlRequest request, out string error)
    {
        request = null!;
        try
        {
            var parsed = JsonSerializer.Deserialize(line, ControlJson.Wire.ControlRequest);
            if (parsed is null)
            {
                error = "the request is null; send a JSON object like {\"command\":\"status\"}";
                return false;
            }

            request = parsed;
            error = string.Empty;
            return true;
        }
        catch (JsonException e)
        {
            error = $"malformed request: {e.Message}";
            return false;
        }
    }
}
