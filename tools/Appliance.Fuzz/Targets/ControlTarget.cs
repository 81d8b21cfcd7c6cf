using Appliance.Control;
using Appliance.Supervisor.Control;

namespace Appliance.Fuzz;

/// <summary>
/// Bytes a client writes to the control socket, cut into request lines as ControlServer does (newline-terminated,
/// a trailing CR dropped, empty lines skipped), each parsed with <see cref="ControlProtocol.TryParseRequest"/> and
/// checked against both access levels. A malformed request is an error answer, never an exception.
/// </summary>
internal static class ControlTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        var rest = input;
        while (!rest.IsEmpty)
        {
            var newline = rest.IndexOf((byte)'\n');
            var line = (newline < 0 ? rest : rest[..newline]).TrimEnd((byte)'\r');
            rest = newline < 0 ? [] : rest[(newline + 1)..];
            if (line.IsEmpty || line.Length > ControlProtocol.MaxLineBytes)
            {
                continue;
            }

            if (ControlProtocol.TryParseRequest(line, out var request, out var error))
            {
                ControlAccess.Allows(ControlAccessLevel.Full, request.Command);
                ControlAccess.Allows(ControlAccessLevel.Status, request.Command);
            }
            else
            {
                FuzzFinding.Require(error.Length > 0, "a refused request says why");
            }
        }
    }
}
