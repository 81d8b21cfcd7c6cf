using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Appliance.Control;

/// <summary>A client of the control socket: one request line, one response line.</summary>
public static class ControlClient
{
    public static ControlResponse Send(string socketPath, ControlRequest request, TimeSpan timeout)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        socket.SendTimeout = (int)timeout.TotalMilliseconds;
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        }
        catch (SocketException e)
        {
            throw new ControlException(e.SocketErrorCode switch
            {
                SocketError.AddressNotAvailable or SocketError.ConnectionRefused =>
                    $"no supervisor answers on {socketPath} (is 'appliance run' running?)",
                SocketError.AccessDenied => $"{socketPath}: permission denied (the control socket is root's)",
                _ => $"{socketPath}: {e.Message}",
            });
        }

        var line = JsonSerializer.SerializeToUtf8Bytes(request, ControlJson.Wire.ControlRequest);
        try
        {
            socket.Send(line);
            socket.Send("\n"u8);
        }
        catch (SocketException)
        {
            // The supervisor refused and closed before reading (permission denied, every slot busy): its answer
            // saying why is still there to read.
        }

        var buffer = new byte[ControlProtocol.MaxLineBytes * 4];
        var length = 0;
        while (true)
        {
            int read;
            try
            {
                read = socket.Receive(buffer.AsSpan(length));
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut || e.SocketErrorCode == SocketError.WouldBlock)
            {
                throw new ControlException($"the supervisor did not answer '{request.Command}' within {timeout.TotalSeconds:0} s");
            }
            catch (SocketException e)
            {
                throw new ControlException($"the supervisor closed the connection without an answer ({e.Message})");
            }

            if (read == 0)
            {
                throw new ControlException("the supervisor closed the connection without an answer");
            }

            length += read;
            var newline = buffer.AsSpan(0, length).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                return JsonSerializer.Deserialize(buffer.AsSpan(0, newline), ControlJson.Wire.ControlResponse)
                    ?? throw new ControlException("the supervisor answered null");
            }

            if (length == buffer.Length)
            {
                throw new ControlException("the supervisor's answer is too long");
            }
        }
    }
}

public sealed class ControlException(string message) : Exception(message);
