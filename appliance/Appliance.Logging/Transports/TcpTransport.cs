using System.Globalization;
using System.Net.Sockets;
using Appliance.Logging.Sinks;

namespace Appliance.Logging.Transports;

/// <summary>
/// Syslog over a TCP stream with octet-counting framing (RFC 6587 3.4.1: "MSG-LEN SP SYSLOG-MSG"), which, unlike
/// newline framing, survives a message that contains a newline (an exception's stack). Each message leaves in one
/// send of its frame. A send that times out or fails leaves the stream in an unknown place, so the connection is
/// closed and the whole message goes again on a new one (the collector drops a cut frame with its connection).
/// </summary>
internal sealed class TcpTransport(SyslogRemote remote, int maxMessageBytes = TcpTransport.DefaultMaxMessageBytes)
    : IMessageTransport
{
    /// <summary>RFC 5425 4.3.1 (the TLS mapping that shares this framing): receivers SHOULD take 8192 octets.</summary>
    public const int DefaultMaxMessageBytes = 8192;

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);
    private readonly RemoteAddress _address = new(remote);
    private readonly byte[] _frame = new byte[maxMessageBytes + 8];
    private readonly byte[] _probe = new byte[1];
    private Socket? _socket;
    private string _peer = string.Empty;

    public string Name => "remote " + remote;

    public int MaxMessageBytes => maxMessageBytes;

    public bool TryOpen(out string? failure)
    {
        Close();
        if (!_address.TryNext(out var endpoint, out failure))
        {
            return false;
        }
        var socket = new Socket(endpoint!.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { SendTimeout = 1000, NoDelay = true };
        try
        {
            // A collector that drops SYNs must not hold the sender thread for the kernel's two minutes of retries.
            using var connecting = new CancellationTokenSource(ConnectTimeout);
            socket.ConnectAsync(endpoint, connecting.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            failure = e is SocketException s
                ? $"{endpoint}: {SocketFailures.Describe(s)}"
                : $"{endpoint}: no answer to the connection within {ConnectTimeout.TotalSeconds:0} s";
            return false;
        }
        _socket = socket;
        _peer = endpoint.ToString();
        failure = null;
        return true;
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
            // A collector that closed its end is readable with end of stream; writing first would lose this
            // message to the reset that follows.
            if (_socket.Poll(0, SelectMode.SelectRead) && _socket.Receive(_probe) == 0)
            {
                failure = $"{_peer}: the collector closed the connection";
                return SendOutcome.Down;
            }
            int length = Frame(message, _frame);
            _socket.Send(_frame.AsSpan(0, length));
            failure = null;
            return SendOutcome.Sent;
        }
        catch (SocketException e)
        {
            failure = $"{_peer}: {SocketFailures.Describe(e)}";
            return SendOutcome.Down;
        }
    }

    /// <summary>"MSG-LEN SP SYSLOG-MSG" into <paramref name="frame"/>; returns its length.</summary>
    internal static int Frame(ReadOnlySpan<byte> message, Span<byte> frame)
    {
        message.Length.TryFormat(frame, out int digits, default, CultureInfo.InvariantCulture);
        frame[digits] = (byte)' ';
        message.CopyTo(frame[(digits + 1)..]);
        return digits + 1 + message.Length;
    }

    public void Close()
    {
        _socket?.Dispose();
        _socket = null;
    }

    public void Dispose() => Close();
}
