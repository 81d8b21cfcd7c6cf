using System.Net;
using System.Net.Sockets;
using Appliance.Linux;
using Appliance.Linux.Sockets;
using Appliance.Vrrp.Wire;

namespace Appliance.Supervisor.Vrrp;

/// <summary>
/// The kernel's raw socket as VRRP needs it (RFC 9568 5.1.1, 5.1.2): protocol 112 on one interface and family, TTL /
/// hop limit 255, marked as network control, and in multicast mode joined to 224.0.0.18 or ff02::12. Receiving turns
/// the kernel's datagram into the VRRP message and the metadata the core's receive checks need.
/// </summary>
internal sealed class VrrpSocket : IDisposable
{
    private const int TrafficClassNetworkControl = 0xC0; // DSCP CS6, as other VRRP speakers mark advertisements

    // The peers and the group, heard with every advertisement: their addresses are allocated once, not per packet.
    private readonly AddressInterner _addresses = new();
    private readonly RawIpSocket _socket;

    private VrrpSocket(RawIpSocket socket) => _socket = socket;

    public SafeFd Handle => _socket.Handle;

    public AddressFamily Family => _socket.Family;

    /// <param name="joinGroup">Multicast mode: join the VRRP group. Unicast mode receives what is sent to our address.</param>
    public static VrrpSocket Open(string interfaceName, int interfaceIndex, AddressFamily family, bool joinGroup)
    {
        var group = family == AddressFamily.InterNetworkV6 ? VrrpProtocol.MulticastGroupV6 : VrrpProtocol.MulticastGroupV4;
        return new VrrpSocket(RawIpSocket.Open(interfaceName, interfaceIndex, family,
            new RawIpSocketOptions(VrrpProtocol.IpProtocol, VrrpProtocol.HopLimit, TrafficClassNetworkControl, joinGroup ? group : null)));
    }

    /// <summary>
    /// Reads one packet. Returns false when nothing is queued. <paramref name="message"/> is the VRRP message within
    /// <paramref name="buffer"/>; for IPv4 the kernel hands over the IP header, which is where TTL and addresses are read.
    /// </summary>
    public bool TryReceive(byte[] buffer, out Range message, out PacketMetadata metadata, out DecodeError? error)
    {
        message = default;
        metadata = default;
        error = null;
        if (!_socket.TryReceive(buffer, out var datagram))
        {
            return false;
        }

        if (datagram.Truncated)
        {
            error = new DecodeError(DropReason.Truncated, $"a packet longer than {buffer.Length} bytes was cut");
            return true;
        }

        if (Family == AddressFamily.InterNetwork)
        {
            if (!IpPacketReader.TryRead(buffer.AsSpan(0, datagram.Length), out metadata, out message, out var ipError, _addresses))
            {
                error = ipError;
            }

            return true;
        }

        Span<byte> bytes = stackalloc byte[16];
        RawIpDatagram.WriteAddress(datagram.Ipv6Source, bytes);
        var source = _addresses.Intern(bytes);
        var destination = VrrpProtocol.MulticastGroupV6;
        if (datagram.Ipv6Destination is { } to)
        {
            RawIpDatagram.WriteAddress(to, bytes);
            destination = _addresses.Intern(bytes);
        }

        metadata = new PacketMetadata(source, destination, datagram.Ipv6HopLimit);
        message = 0..datagram.Length;
        return true;
    }

    /// <summary>Sends a VRRP message from <paramref name="source"/> (which must be ours on the interface) to the group or a peer.</summary>
    public void Send(ReadOnlySpan<byte> message, IPAddress source, IPAddress destination) => _socket.Send(message, source, destination);

    public void Dispose() => _socket.Dispose();
}
