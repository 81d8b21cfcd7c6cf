using System.Net.Sockets;
using Appliance.Logging.Sinks;

namespace Appliance.Logging.Transports;

/// <summary>
/// What the UDP and the unix-datagram transports share: one connected datagram socket, a send that turns socket
/// errors into an outcome and a sentence, and closing. Opening (resolving, connecting) is each one's own.
/// </summary>
internal abstract class ConnectedDatagramTransport : IMessageTransport
{
    private Socket? _socket;
    private string _peer = string.Empty;

    public abstract string Name { get; }

    public abstract int MaxMessageBytes { get; }

    public abstract bool TryOpen(out string? failure);

    /// <summary>Words for a failure of this kind of socket (ENOENT means something else for a unix path).</summary>
    protected abstract string Describe(SocketException e);

    protected void Connected(Socket socket, string peer)
    {
        _socket = socket;
        _peer = peer;
    }

    public SendOutcome Send(ReadOnlySpan<byte> message, out string? failure)
    {
        if (_socket is null)
        {
            failure = "not open";
            return SendOutcome.Down;
        }

        try
        {
            _socket.Send(message);
            failure = null;
            return SendOutcome.Sent;
        }
        catch (SocketException e)
        {
            failure = $"{_peer}: {Describe(e)}";
            return SocketFailures.Classify(e.SocketErrorCode);
        }
    }

    public void Close()
    {
        _socket?.Dispose();
        _socket = null;
    }

    public void Dispose() => Close();
}
