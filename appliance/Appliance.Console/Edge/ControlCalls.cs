using System.Net.Sockets;
using System.Text.Json;
using Appliance.Control;

namespace Appliance.ConsoleUi.Edge;

/// <summary>
/// Requests to the supervisor off the loop's thread: each on a connection of its own (ControlClient), with a
/// timeout, its answer or failure posted back. A slow answer (a failover waits for the other box) never stalls
/// the screen or the keyboard.
/// </summary>
internal static class ControlCalls
{
    public static void Start(string socketPath, ControlRequest request, TimeSpan timeout, Action<ControlResponse> answered, Action<string> failed)
    {
        _ = Task.Run(() =>
        {
            ControlResponse response;
            try
            {
                response = ControlClient.Send(socketPath, request, timeout);
            }
            catch (ControlException e)
            {
                failed(e.Message);
                return;
            }
            catch (Exception e) when (e is SocketException or IOException or JsonException or ObjectDisposedException)
            {
                failed($"{request.Command}: {e.Message}");
                return;
            }

            answered(response);
        });
    }
}
