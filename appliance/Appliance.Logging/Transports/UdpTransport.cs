using System.Net;
using System.Net.Sockets;
using Appliance.Logging.Sinks;

namespace Appliance.Logging.Transports;

/// <summary>
/// RFC 5426 syslog over UDP through a connected socket, so that an ICMP port unreachable comes back as
/// ECONNREFUSED and triggers a reopen. A host name is resolved at every open: at start and after each failure;
/// with several addresses, each reopen moves on to the next.
/// </summary>
internal sealed class UdpTransport(SyslogRemote remote, int maxMessageBytes = UdpTransport.DefaultMaxMessageBytes)
    : ConnectedDatagramTransport
{
    /// <summary>RFC 5426 3.2: receivers SHOULD accept 2048 octets (MUST 480 over IPv4, 1180 over IPv6).</summary>
    public const int DefaultMaxMessageBytes = 2048;

    private int _rotation;

    public override string Name => "remote " + remote;

    public override int MaxMessageBytes => maxMessageBytes;

    public override bool TryOpen(out string? failure)
    {
        Close();
        IPAddress[] addresses;
        if (IPAddress.TryParse(remote.Host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = Dns.GetHostAddresses(remote.Host);
            }
            catch (Exception e) when (e is SocketException or ArgumentException)
            {
                failure = $"cannot resolve {remote.Host}: {e.Message}";
                return false;
            }
            if (addresses.Length == 0)
            {
                failure = $"{remote.Host} has no addresses";
                return false;
            }
        }
        var address = addresses[_rotation++ % addresses.Length];
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { SendTimeout = 1000 };
        try
        {
            socket.Connect(new IPEndPoint(address, remote.Port));
        }
        catch (SocketException e)
        {
            socket.Dispose();
            failure = $"{address}:{remote.Port}: {SocketFailures.Describe(e)}";
            return false;
        }
        Connected(socket, $"{address}:{remote.Port}");
        failure = null;
        return true;
    }

    protected override string Describe(SocketException e) => SocketFailures.Describe(e);
}
