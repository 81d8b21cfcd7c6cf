using System.Net;
using System.Net.Sockets;

namespace Appliance.Logging.Transports;

/// <summary>
/// The address a remote transport opens next: a literal as it is; a host name resolved at every open (at start and
/// after each failure), moving on to the next of its addresses with each reopen.
/// </summary>
internal sealed class RemoteAddress(SyslogRemote remote)
{
    private int _rotation;

    public bool TryNext(out IPEndPoint? endpoint, out string? failure)
    {
        endpoint = null;
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
        endpoint = new IPEndPoint(addresses[_rotation++ % addresses.Length], remote.Port);
        failure = null;
        return true;
    }
}
