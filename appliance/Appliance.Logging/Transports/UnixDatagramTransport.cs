using System.Net.Sockets;
using Appliance.Logging.Sinks;

namespace Appliance.Logging.Transports;

/// <summary>
/// A connected AF_UNIX datagram socket to syslogd (<c>/dev/log</c>). When syslogd restarts, its old socket is
/// gone: send() fails with ECONNREFUSED then ENOTCONN, and connect() with ENOENT until the new one is bound.
/// </summary>
internal sealed class UnixDatagramTransport(string path, int maxMessageBytes = UnixDatagramTransport.DefaultMaxMessageBytes)
    : ConnectedDatagramTransport
{
    /// <summary>rsyslog's default maxMessageSize (8k) counts the whole message; longer ones it cuts itself.</summary>
    public const int DefaultMaxMessageBytes = 8192;

    /// <summary>A unix datagram send blocks once the reader's queue (net.unix.max_dgram_qlen) is full.</summary>
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(1);

    public override string Name => "syslog " + path;

    public override int MaxMessageBytes => maxMessageBytes;

    public override bool TryOpen(out string? failure)
    {
        Close();
        UnixDomainSocketEndPoint endpoint;
        try
        {
            endpoint = new UnixDomainSocketEndPoint(path);
        }
        catch (ArgumentException)
        {
            // sockaddr_un.sun_path holds 107 bytes and a terminating NUL.
            failure = $"{path}: path too long for a unix socket (107 bytes at most)";
            return false;
        }
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified)
        {
            SendTimeout = (int)SendTimeout.TotalMilliseconds,
        };
        try
        {
            socket.Connect(endpoint);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            failure = $"{path}: {SocketFailures.DescribeUnix(e)}";
            return false;
        }
        Connected(socket, path);
        failure = null;
        return true;
    }

    protected override string Describe(SocketException e) => SocketFailures.DescribeUnix(e);
}
