using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Appliance.Linux.Announce;

namespace Appliance.Linux.Tests.Edge;

public sealed class AnnouncementFramesTests
{
    private static readonly PhysicalAddress Mac = PhysicalAddress.Parse("02-00-00-00-00-0B");

    [Fact]
    public void Gratuitous_arp_is_a_broadcast_request_for_the_address_itself()
    {
        var frame = new byte[64];

        var length = AnnouncementFrames.GratuitousArp(Mac, IPAddress.Parse("192.0.2.10"), frame);

        Assert.Equal(
            "ffffffffffff" + "02000000000b" + "0806" +      // Ethernet: broadcast, from us, ARP
            "0001" + "0800" + "06" + "04" + "0001" +         // Ethernet/IPv4, request
            "02000000000b" + "c000020a" +                    // sender: us, the VIP
            "000000000000" + "c000020a",                     // target: the VIP
            Convert.ToHexStringLower(frame[..length]));
    }

    [Fact]
    public void Unsolicited_na_overrides_and_carries_the_link_layer_address()
    {
        var message = new byte[64];

        var length = AnnouncementFrames.UnsolicitedNeighborAdvertisement(Mac, IPAddress.Parse("2001:db8::10"), router: false, message);

        Assert.Equal(
            "88" + "00" + "0000" + "20000000" +             // type 136, code 0, checksum by the kernel, O flag
            "20010db8000000000000000000000010" +            // target
            "02" + "01" + "02000000000b",                   // option 2: target link-layer address
            Convert.ToHexStringLower(message[..length]));
    }

    [Theory]
    [InlineData(51, AddressFamily.InterNetwork, "00:00:5e:00:01:33")]
    [InlineData(255, AddressFamily.InterNetworkV6, "00:00:5e:00:02:ff")]
    public void Virtual_router_mac_follows_RFC_9568_7_3(byte vrid, AddressFamily family, string mac) =>
        Assert.Equal(mac, TwoHosts.Colon(AnnouncementFrames.VirtualRouterMac(vrid, family)));

    [Fact]
    public void Wrong_families_are_refused()
    {
        var buffer = new byte[64];
        Assert.Throws<ArgumentException>(() => AnnouncementFrames.GratuitousArp(Mac, IPAddress.Parse("2001:db8::1"), buffer));
        Assert.Throws<ArgumentException>(() => AnnouncementFrames.UnsolicitedNeighborAdvertisement(Mac, IPAddress.Parse("192.0.2.1"), false, buffer));
    }
}
