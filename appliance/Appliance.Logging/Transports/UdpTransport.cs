using System.Net.Sockets;
using Appliance.Logging.Sinks;

namespace Appliance.Logging.Transports;

/// <summary>
/// RFC 5426 syslog over UDP through a connected socket, so that an ICMP port unreachable comes back as
/// ECONNREFUSED and triggers a reopen.
/// </summary>
internal sealed class UdpTransport(SyslogRemote remote, int maxMessageBytes = UdpTransport.DefaultMaxMessageBytes)
    : ConnectedDatagramTransport
{
    /// <summary>RFC 5426 3.2: receivers SHOULD accept 2048 octets (MUST 480 over IPv4, 1180 over IPv6).</summary>
    public const int DefaultMaxMessageBytes = 2048;

    private readonly RemoteAddress _address = new(remote);

    public override string Name => "remote " + remote;

    public override int MaxMessageBytes => maxMessageBytes;

    public override bool TryOpen(out string? failure)
    {
        Close();
        if (!_address.TryNext(out var endpoint, out failure))
        {
            return false;
        }
        var socket = new Socket(endpoint!.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { SendTimeout = 1000 };
        try
        {
            socket.Connect(endpoint);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            failure = $"{endpoint}: {SocketFailures.Describe(e)}";
            return false;
        }
        Connected(socket, endpoint.ToString());
        failure = null;
        return true;
    }

    protected override string Describe(SocketException e) => SocketFailures.Describe(e);
}
