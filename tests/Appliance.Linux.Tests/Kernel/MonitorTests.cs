using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using Appliance.Linux.Netlink;
using Appliance.Lab;
using Appliance.Testing;

namespace Appliance.Linux.Tests.Kernel;

/// <summary>Notifications on a monitor socket opened in the namespace, waited for through epoll as the loop will.</summary>
public sealed class MonitorTests : IDisposable
{
    private readonly VethLab _lab = VethLab.Create("mon");
    private readonly List<MonitorWatch> _watches = [];

    [RootFact]
    public void Carrier_loss_and_return_arrive_as_link_events()
    {
        var monitor = Open(RouteNetlinkGroups.Link);

        _lab.Namespace.SetDown("veth1");
        var lost = monitor.WaitFor(e => e is LinkChanged { Link: { Name: "veth0", HasCarrier: false } });
        _lab.Namespace.SetUp("veth1");
        var back = monitor.WaitFor(e => e is LinkChanged { Link: { Name: "veth0", HasCarrier: true } });

        Assert.Equal(OperState.LowerLayerDown, ((LinkChanged)lost).Link.OperState);
        Assert.Equal(OperState.Up, ((LinkChanged)back).Link.OperState);
    }

    [RootFact]
    public void Address_add_and_delete_arrive_as_address_events()
    {
        var monitor = Open(RouteNetlinkGroups.IPv4Address | RouteNetlinkGroups.IPv6Address);
        var vip = IPAddress.Parse("192.0.2.10");
        var vip6 = IPAddress.Parse("2001:db8::10");

        _lab.Netlink.AddAddress(_lab.Veth0, vip, 24);
        _lab.Netlink.AddAddress(_lab.Veth0, vip6, 64, flags: AddressFlags.NoDad);
        var added = (AddressAdded)monitor.WaitFor(e => e is AddressAdded a && a.Address.Address.Equals(vip));
        monitor.WaitFor(e => e is AddressAdded a && a.Address.Address.Equals(vip6));
        _lab.Netlink.DeleteAddress(_lab.Veth0, vip, 24);
        monitor.WaitFor(e => e is AddressRemoved r && r.Address.Address.Equals(vip));

        Assert.Equal((_lab.Veth0, 24), (added.Address.InterfaceIndex, added.Address.PrefixLength));
    }

    [RootFact]
    public void Macvlan_creation_and_deletion_arrive_as_link_events()
    {
        var monitor = Open(RouteNetlinkGroups.Link);

        var created = _lab.Netlink.CreateMacvlan(_lab.Veth0, "vrrp.51", PhysicalAddress.Parse("00:00:5e:00:01:33"), MacvlanMode.Private);
        monitor.WaitFor(e => e is LinkChanged { Link.Name: "vrrp.51", Link.Kind: "macvlan" });
        _lab.Netlink.DeleteLink(created.Index);
        var removed = monitor.WaitFor(e => e is LinkRemoved { Link.Name: "vrrp.51" });

        Assert.Equal(created.Index, ((LinkRemoved)removed).Link.Index);
    }

    [RootFact]
    public void Leaving_a_bridge_is_not_reported_as_the_port_being_removed()
    {
        _lab.Namespace.CreateBridge("br0");
        _lab.Namespace.AddToBridge("veth0", "br0");
        var monitor = Open(RouteNetlinkGroups.Link);

        _lab.Namespace.Ip("link", "set", "veth0", "nomaster");
        monitor.WaitFor(e => e is LinkChanged { Link: { Name: "veth0", MasterIndex: null } });
        _lab.Namespace.Ip("link", "del", "br0");
        monitor.WaitFor(e => e is LinkRemoved { Link.Name: "br0" });

        Assert.DoesNotContain(monitor.Seen, e => e is LinkRemoved { Link.Name: "veth0" });
    }

    [RootFact]
    public void Empty_monitor_returns_at_once_without_events()
    {
        // IPv4 addresses: nothing changes them here (links may still see a late linkwatch carrier event).
        var monitor = Open(RouteNetlinkGroups.IPv4Address).Monitor;
        var events = new List<NetlinkEvent>();
        var clock = Stopwatch.StartNew();

        Assert.False(monitor.TryReadEvents(events));

        Assert.Empty(events);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1));
    }

    [RootFact]
    public void Overflow_is_reported_as_events_lost_so_the_owner_re_dumps()
    {
        // A buffer this small holds a handful of notifications. IPv4 because its notifications are queued before
        // the request is acknowledged; IPv6 ones wait until the link is operational, which right after
        // `ip link set up` can take linkwatch up to a second.
        var watch = new MonitorWatch(_lab.Namespace.Run(() => RouteNetlinkMonitor.Open(RouteNetlinkGroups.IPv4Address, receiveBufferBytes: 4096)));
        _watches.Add(watch);
        var monitor = watch.Monitor;

        for (var i = 1; i <= 200; i++)
        {
            _lab.Netlink.AddAddress(_lab.Veth0, IPAddress.Parse($"198.51.100.{i}"), 32);
        }

        var events = new List<NetlinkEvent>();
        while (monitor.TryReadEvents(events))
        {
        }

        Assert.Contains(events, e => e is EventsLost);
        Assert.True(monitor.Overflows >= 1);
        Assert.True(events.Count(e => e is AddressAdded) < 200);
    }

    public void Dispose()
    {
        foreach (var watch in _watches)
        {
            watch.Dispose();
        }

        _lab.Dispose();
    }

    private MonitorWatch Open(RouteNetlinkGroups groups)
    {
        var watch = new MonitorWatch(_lab.Namespace.Run(() => RouteNetlinkSocket.OpenMonitor(groups)));
        _watches.Add(watch);
        return watch;
    }
}
