using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Appliance.Linux.Sockets;
using Appliance.Lab;
using Appliance.Testing;
using Appliance.Vrrp.Wire;

namespace Appliance.Linux.Tests.Edge;

/// <summary>
/// Raw IP sockets as VRRP opens them (protocol 112, hop limit 255), between two namespaces: what one sends, the other
/// receives with its hop limit, source and destination, and the VRRP decoder reads it.
/// </summary>
public sealed class RawIpSocketTests : IDisposable
{
    private readonly TwoHosts _hosts = TwoHosts.Create("vrrps");

    private static RawIpSocket Open(string name, int index, AddressFamily family, bool joinGroup) =>
        RawIpSocket.Open(name, index, family, new RawIpSocketOptions(VrrpProtocol.IpProtocol, VrrpProtocol.HopLimit, 0xC0,
            joinGroup ? (family == AddressFamily.InterNetworkV6 ? VrrpProtocol.MulticastGroupV6 : VrrpProtocol.MulticastGroupV4) : null));

    [RootTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_multicast_advertisement_arrives_with_hop_limit_255_and_decodes(bool ipv6)
    {
        var family = ipv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        var source = ipv6 ? TwoHosts.LinkLocalOf(_hosts.A) : IPAddress.Parse("192.0.2.1");
        var group = ipv6 ? VrrpProtocol.MulticastGroupV6 : VrrpProtocol.MulticastGroupV4;
        var ad = new Advertisement
        {
            Version = VrrpVersion.V3, VirtualRouterId = 51, Priority = 200, Interval = TimeSpan.FromMilliseconds(100), Family = family,
            Addresses = [IPAddress.Parse(ipv6 ? "2001:db8::10" : "192.0.2.10")],
        };
        using var receiver = _hosts.B.Run(() => Open("eth0", _hosts.IndexB, family, joinGroup: true));
        using var sender = _hosts.A.Run(() => Open("eth0", _hosts.IndexA, family, joinGroup: true));
        var message = new byte[AdvertisementWriter.MaxMessageLength];
        var length = AdvertisementWriter.Write(ad, source, group, ChecksumMode.Standard, message);

        sender.Send(message.AsSpan(0, length), source, group);

        var (bytes, metadata) = ReceiveOne(receiver);
        Assert.Equal(source, metadata.Source);
        Assert.Equal(group, metadata.Destination);
        Assert.Equal(255, metadata.HopLimit);
        Assert.True(AdvertisementReader.TryRead(bytes, metadata, ChecksumMode.Standard, out var decoded, out var error), error.Message);
        Assert.Equal(ad, decoded);

        // Our own multicast is not looped back to us.
        Assert.Null(TryReceive(sender, TimeSpan.FromMilliseconds(200)));
    }

    [RootTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_unicast_advertisement_reaches_a_socket_that_joined_no_group(bool ipv6)
    {
        var family = ipv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        var source = IPAddress.Parse(ipv6 ? "2001:db8::1" : "192.0.2.1");
        var peer = IPAddress.Parse(ipv6 ? "2001:db8::2" : "192.0.2.2");
        using var receiver = _hosts.B.Run(() => Open("eth0", _hosts.IndexB, family, joinGroup: false));
        using var sender = _hosts.A.Run(() => Open("eth0", _hosts.IndexA, family, joinGroup: false));

        sender.Send([0x31, 51, 100, 0, 0, 100, 0, 0], source, peer);

        var (_, metadata) = ReceiveOne(receiver);
        Assert.Equal(source, metadata.Source);
        Assert.Equal(peer, metadata.Destination);
        Assert.Equal(255, metadata.HopLimit);
    }

    [RootFact]
    public void A_socket_bound_to_another_device_hears_nothing()
    {
        _hosts.B.CreateVethPair("other0", "other1");
        _hosts.B.SetUp("other0");
        _hosts.B.SetUp("other1");
        using var elsewhere = _hosts.B.Run(() => Open("other0", _hosts.B.IndexOf("other0"), AddressFamily.InterNetwork, joinGroup: true));
        using var sender = _hosts.A.Run(() => Open("eth0", _hosts.IndexA, AddressFamily.InterNetwork, joinGroup: true));

        sender.Send([0x31, 51, 100, 0, 0, 100, 0, 0], IPAddress.Parse("192.0.2.1"), VrrpProtocol.MulticastGroupV4);

        Assert.Null(TryReceive(elsewhere, TimeSpan.FromMilliseconds(300)));
    }

    [RootFact]
    public void Opening_on_a_missing_device_names_it()
    {
        var error = Assert.Throws<SystemCallException>(() => _hosts.A.Run(() => Open("nosuch0", 999, AddressFamily.InterNetwork, joinGroup: true)));

        Assert.Contains("nosuch0", error.Message);
        Assert.Equal(Errno.ENODEV, error.Errno);
    }

    internal static (byte[] Message, PacketMetadata Metadata) ReceiveOne(RawIpSocket socket) =>
        TryReceive(socket, TimeSpan.FromSeconds(3)) ?? throw new TimeoutException("no packet within 3 s");

    /// <summary>IPv4 brings its header (read by the VRRP core's reader); IPv6 brings the addresses beside the payload.</summary>
    internal static (byte[] Message, PacketMetadata Metadata)? TryReceive(RawIpSocket socket, TimeSpan timeout)
    {
        var buffer = new byte[9000];
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (socket.TryReceive(buffer, out var datagram))
            {
                Assert.False(datagram.Truncated);
                if (socket.Family == AddressFamily.InterNetwork)
                {
                    Assert.True(IpPacketReader.TryRead(buffer.AsSpan(0, datagram.Length), out var metadata4, out var range, out var error), error.Message);
                    return (buffer[range], metadata4);
                }

                var bytes = new byte[16];
                RawIpDatagram.WriteAddress(datagram.Ipv6Source, bytes);
                var source = new IPAddress(bytes);
                RawIpDatagram.WriteAddress(datagram.Ipv6Destination!.Value, bytes);
                return (buffer[..datagram.Length], new PacketMetadata(source, new IPAddress(bytes), datagram.Ipv6HopLimit));
            }

            Thread.Sleep(5);
        }

        return null;
    }

    public void Dispose() => _hosts.Dispose();
}
