using System.Net.NetworkInformation;
using Appliance.Lab;
using Appliance.Testing;
using Xunit.Abstractions;

namespace Appliance.Integration.Tests;

/// <summary>What our boxes put on the wire, as tshark (an independent dissector) reads it from the client's side.</summary>
public sealed class WireTests(ITestOutputHelper output) : LabTest(output)
{
    [RootTheory]
    [InlineData(3, false, 100)]
    [InlineData(2, false, 1000)]
    [InlineData(3, true, 100)]
    public void Tshark_decodes_our_advertisements_with_a_correct_checksum(int version, bool ipv6, int intervalMs)
    {
        var settings = new PairSettings { Version = version, IPv6 = ipv6, AdvertInterval = TimeSpan.FromMilliseconds(intervalMs) };
        StartAppliances(settings, 200, 100);
        WaitForState(B1, "master", TimeSpan.FromSeconds(10));
        WaitForState(B2, "backup", TimeSpan.FromSeconds(10));

        // After the election: on a slow machine b2 may have been master (priority 100) before b1 started.
        using var capture = Lab.Capture(Lab.Client, ipv6 ? "ip6 proto 112" : "ip proto 112");
        Thread.Sleep(2 * intervalMs + 200);

        var packets = capture.Decode("vrrp", "vrrp.version", "vrrp.virt_rtr_id", "vrrp.prio", "vrrp.checksum.status", ipv6 ? "ipv6.hlim" : "ip.ttl", ipv6 ? "vrrp.ipv6_addr" : "vrrp.ip_addr");

        Assert.True(packets.Count >= 2, $"{packets.Count} advertisements captured");
        Assert.All(packets, p => Assert.Equal([version.ToString(), "51", "200", "1", "255", ipv6 ? "2001:db8::10" : "192.0.2.10"], p));
    }

    [RootFact]
    public void A_new_master_sends_gratuitous_ARPs_announce_count_times()
    {
        StartAppliances(new PairSettings { AdvertInterval = TimeSpan.FromMilliseconds(100) }, 200, 100);
        WaitForState(B1, "master", TimeSpan.FromSeconds(5));
        using var capture = Lab.Capture(Lab.Client, "arp");

        Lab.CutLink(B1);
        WaitForState(B2, "master", TimeSpan.FromSeconds(3));
        Thread.Sleep(500);

        // Only the new master's: b1 may still have been announcing its own takeover when the capture began.
        var macB2 = B2.Namespace.IpJson("link", "show", "dev", "eth0")[0].GetProperty("address").GetString();
        var garps = capture.Decode($"arp.isgratuitous == 1 && arp.src.proto_ipv4 == {Lan.Vip4} && eth.src == {macB2}", "eth.src", "eth.dst", "arp.opcode");
        Assert.Equal(3, garps.Count);
        Assert.All(garps, g => Assert.Equal([macB2!, "ff:ff:ff:ff:ff:ff", "1"], g));
    }

    [RootFact]
    public void A_master_with_garp_refresh_announces_the_VIP_again_at_each_interval_and_the_backup_never()
    {
        StartAppliances(new PairSettings { AdvertInterval = Fast, GarpRefresh = TimeSpan.FromSeconds(1) }, 200, 100);
        WaitForState(B1, "master", TimeSpan.FromSeconds(5));
        WaitForState(B2, "backup", TimeSpan.FromSeconds(5));
        Thread.Sleep(500);
        using var capture = Lab.Capture(Lab.Client, "arp");

        Thread.Sleep(4500);

        var macB1 = B1.Namespace.IpJson("link", "show", "dev", "eth0")[0].GetProperty("address").GetString();
        var garps = capture.Decode($"arp.isgratuitous == 1 && arp.src.proto_ipv4 == {Lan.Vip4}", "eth.src", "frame.time_relative");
        Assert.InRange(garps.Count, 3, 5);
        Assert.All(garps, g => Assert.Equal(macB1, g[0]));
        var times = garps.Select(g => double.Parse(g[1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.All(times.Zip(times.Skip(1), (a, b) => b - a), gap => Assert.InRange(gap, 0.7, 1.6));
    }
}
