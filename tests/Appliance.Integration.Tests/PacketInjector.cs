using System.Net;
using System.Net.Sockets;
using System.Text;
using Appliance.Lab;
using Appliance.Vrrp.Wire;

namespace Appliance.Integration.Tests;

/// <summary>
/// Sends hand-made IPv4 packets from a namespace (the lab's client): a raw socket with the IP header included, so
/// that TTL, lengths and checksums can be wrong on purpose.
/// </summary>
internal sealed class PacketInjector : IDisposable
{
    private const int SolSocket = 1;
    private const int SoBindToDevice = 25;
    private readonly Socket _socket;

    public PacketInjector(NetworkNamespace ns)
    {
        _socket = ns.Run(() =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Raw);
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.HeaderIncluded, true);
            socket.SetRawSocketOption(SolSocket, SoBindToDevice, Encoding.ASCII.GetBytes("eth0\0"));
            return socket;
        });
    }

    public static readonly IPAddress Client = IPAddress.Parse("192.0.2.100");

    /// <summary>A valid VRRPv3 advertisement as a whole IPv4 packet, to mutate.</summary>
    public static byte[] Advertisement(byte vrid, byte priority, IPAddress destination, byte ttl = 255, string vip = "192.0.2.10")
    {
        var ad = new Advertisement
        {
            Version = VrrpVersion.V3, VirtualRouterId = vrid, Priority = priority, Interval = TimeSpan.FromMilliseconds(100),
            Family = AddressFamily.InterNetwork, Addresses = [IPAddress.Parse(vip)],
        };
        var message = new byte[64];
        var length = AdvertisementWriter.Write(ad, Client, destination, ChecksumMode.Standard, message);
        var packet = new byte[length + 20];
        IpPacketWriter.Write(message.AsSpan(0, length), new PacketMetadata(Client, destination, ttl), packet);
        return packet;
    }

    /// <summary>Re-seals the IPv4 header after a change to it (the kernel would not send a broken one).</summary>
    public static void FixHeader(byte[] packet)
    {
        packet[10] = 0;
        packet[11] = 0;
        var sum = InternetChecksum.ComputeIPv4Header(packet.AsSpan(0, 20));
        packet[10] = (byte)(sum >> 8);
        packet[11] = (byte)sum;
    }

    public void Send(byte[] packet, IPAddress destination) => _socket.SendTo(packet, new IPEndPoint(destination, 0));

    public void Dispose() => _socket.Dispose();
}
