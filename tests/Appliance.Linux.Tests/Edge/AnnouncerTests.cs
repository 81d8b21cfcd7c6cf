using System.Net;
using Appliance.Linux.Announce;
using Appliance.Lab;
using Appliance.Testing;

namespace Appliance.Linux.Tests.Edge;

/// <summary>Announcements change what the neighbours believe: their cache entry for the address moves to our MAC.</summary>
public sealed class AnnouncerTests : IDisposable
{
    private readonly TwoHosts _hosts = TwoHosts.Create("annc");

    [RootTheory]
    [InlineData("192.0.2.10")]
    [InlineData("2001:db8::10")]
    public void A_neighbour_moves_its_entry_to_our_mac(string vip)
    {
        // B believes the VIP lives at a stale MAC, as a client does right after a failover.
        _hosts.B.Ip("neigh", "replace", vip, "lladdr", "02:00:00:00:00:99", "dev", "eth0", "nud", "stale");
        var macA = TwoHosts.MacOf(_hosts.A);
        _hosts.A.Ip("addr", "add", vip.Contains(':') ? $"{vip}/64" : $"{vip}/24", "dev", "eth0", "nodad");
        using var announcer = new Announcer("eth0", _hosts.IndexA, macA);

        _hosts.A.Run(() => announcer.Announce(IPAddress.Parse(vip)));

        var until = DateTime.UtcNow.AddSeconds(3);
        string? lladdr = null;
        while (DateTime.UtcNow < until)
        {
            var entry = _hosts.B.IpJson("neigh", "show", vip, "dev", "eth0");
            lladdr = entry.GetArrayLength() > 0 && entry[0].TryGetProperty("lladdr", out var l) ? l.GetString() : null;
            if (lladdr == TwoHosts.Colon(macA))
            {
                return;
            }

            Thread.Sleep(20);
        }

        Assert.Fail($"B's entry for {vip} is {lladdr}, not A's {macA}");
    }

    [RootFact]
    public void A_virtual_mac_is_announced_as_given()
    {
        var vmac = AnnouncementFrames.VirtualRouterMac(51, System.Net.Sockets.AddressFamily.InterNetwork);
        _hosts.B.Ip("neigh", "replace", "192.0.2.10", "lladdr", "02:00:00:00:00:99", "dev", "eth0", "nud", "stale");
        using var announcer = new Announcer("eth0", _hosts.IndexA, vmac);

        _hosts.A.Run(() => announcer.Announce(IPAddress.Parse("192.0.2.10")));

        Thread.Sleep(200);
        Assert.Equal("00:00:5e:00:01:33", _hosts.B.IpJson("neigh", "show", "192.0.2.10", "dev", "eth0")[0].GetProperty("lladdr").GetString());
    }

    public void Dispose() => _hosts.Dispose();
}
