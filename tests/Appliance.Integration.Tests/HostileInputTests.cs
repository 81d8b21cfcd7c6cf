using System.Net;
using Appliance.Lab;
using Appliance.Testing;
using Appliance.Vrrp.Wire;
using Xunit.Abstractions;

namespace Appliance.Integration.Tests;

/// <summary>
/// Hostile or broken packets from the client's namespace: each is dropped, counted under its own reason in the
/// node's status, and changes nobody's role.
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output) : LabTest(output)
{
    private static readonly IPAddress Group = VrrpProtocol.MulticastGroupV4;

    [RootFact]
    public void Malformed_and_foreign_advertisements_are_dropped_by_reason_and_roles_stay()
    {
        StartAppliances(new PairSettings { AdvertInterval = Fast }, 200, 100);
        WaitForState(B1, "master", TimeSpan.FromSeconds(5));
        WaitForState(B2, "backup", TimeSpan.FromSeconds(2));
        using var injector = new PacketInjector(Lab.Client);

        // Each would make the backup take over (priority 254 > 100 > ... or a priority-0 resignation) if accepted.
        var cases = new (string Reason, Func<byte[]> Build)[]
        {
            ("hop_limit", () => PacketInjector.Advertisement(51, 0, Group, ttl: 64)),
            ("bad_checksum", () => { var p = PacketInjector.Advertisement(51, 0, Group); p[27] ^= 0x55; return p; }),
            ("unsupported_version", () => { var p = PacketInjector.Advertisement(51, 0, Group); p[20] = 0x41; return p; }),
            ("address_count_mismatch", () => { var p = PacketInjector.Advertisement(51, 0, Group); p[23] = 5; return p; }),
            ("truncated", () => Truncated(PacketInjector.Advertisement(51, 0, Group), 26)),
        };
        foreach (var (reason, build) in cases)
        {
            for (var i = 0; i < 3; i++)
            {
                injector.Send(build(), Group);
            }
        }

        // Another VRID is no business of this instance: counted per interface.
        injector.Send(PacketInjector.Advertisement(52, 254, Group), Group);
        Thread.Sleep(1000);

        foreach (var box in new[] { B1, B2 })
        {
            var status = box.Status();
            var dropped = status.Vrrp[0].Counters.Dropped;
            foreach (var (reason, _) in cases)
            {
                Assert.True(dropped.GetValueOrDefault(reason) >= 3, $"{box}: {reason} counted {dropped.GetValueOrDefault(reason)}; all: {string.Join(", ", dropped)}");
            }

            Assert.Contains(status.Unattributed, u => u.Dropped.GetValueOrDefault("unknown_vrid") >= 1);
        }

        Assert.Equal("master", B1.VrrpState());
        Assert.Equal("backup", B2.VrrpState());
        Assert.Equal(1, B1.Status().Vrrp[0].Transitions - 1); // initialize -> backup -> master, nothing since
    }

    [RootFact]
    public void A_priority_255_impostor_that_is_not_a_unicast_peer_is_ignored()
    {
        var settings = new PairSettings { AdvertInterval = Fast, Unicast = true };
        StartAppliances(settings, 200, 100);
        WaitForState(B1, "master", TimeSpan.FromSeconds(5));
        using var injector = new PacketInjector(Lab.Client);

        for (var i = 0; i < 20; i++)
        {
            injector.Send(PacketInjector.Advertisement(51, 255, B1.Address4), B1.Address4);
            injector.Send(PacketInjector.Advertisement(51, 255, B2.Address4), B2.Address4);
            Thread.Sleep(20);
        }

        Thread.Sleep(500);
        Assert.Equal("master", B1.VrrpState());
        Assert.Equal("backup", B2.VrrpState());
        Assert.True(B1.Status().Vrrp[0].Counters.Dropped.GetValueOrDefault("not_unicast_peer") >= 20);
        Assert.True(B2.Status().Vrrp[0].Counters.Dropped.GetValueOrDefault("not_unicast_peer") >= 20);
        Assert.Equal("b1", Fetch($"http://{Lan.Vip4}/"));
    }

    /// <summary>A packet whose IPv4 total length ends inside the VRRP header.</summary>
    private static byte[] Truncated(byte[] packet, int length)
    {
        var cut = packet[..length];
        cut[2] = 0;
        cut[3] = (byte)length;
        PacketInjector.FixHeader(cut);
        return cut;
    }
}
