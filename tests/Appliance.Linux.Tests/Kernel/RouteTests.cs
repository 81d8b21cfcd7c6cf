using System.Net;
using Appliance.Linux.Netlink;
using Appliance.Lab;
using Appliance.Testing;

namespace Appliance.Linux.Tests.Kernel;

/// <summary>Routes through our netlink socket, checked against `ip route`, in a namespace of our own.</summary>
public sealed class RouteTests : IDisposable
{
    private readonly VethLab _lab = VethLab.Create("route");

    [RootFact]
    public void Ipv4_default_route_is_added_and_deleted()
    {
        _lab.Netlink.AddAddress(_lab.Veth0, IPAddress.Parse("192.0.2.2"), 24);
        var route = RouteSpec.Default(IPAddress.Parse("192.0.2.1"), _lab.Veth0);

        _lab.Netlink.AddRoute(route);

        var shown = Assert.Single(_lab.Namespace.IpJson("route", "show", "default").EnumerateArray());
        Assert.Equal(("192.0.2.1", "veth0"), (shown.GetProperty("gateway").GetString(), shown.GetProperty("dev").GetString()));

        Assert.True(_lab.Netlink.DeleteRoute(route));

        Assert.Empty(_lab.Namespace.IpJson("route", "show", "default").EnumerateArray());
        Assert.False(_lab.Netlink.DeleteRoute(route, ignoreMissing: true));
        Assert.Equal(Errno.ESRCH, Assert.Throws<SystemCallException>(() => _lab.Netlink.DeleteRoute(route)).Errno);
    }

    [RootFact]
    public void Ipv6_default_route_is_added_and_deleted()
    {
        _lab.Netlink.AddAddress(_lab.Veth0, IPAddress.Parse("2001:db8::2"), 64, flags: AddressFlags.NoDad);
        var route = RouteSpec.Default(IPAddress.Parse("2001:db8::1"), _lab.Veth0);

        _lab.Netlink.AddRoute(route);

        var shown = Assert.Single(_lab.Namespace.IpJson("-6", "route", "show", "default").EnumerateArray());
        Assert.Equal("2001:db8::1", shown.GetProperty("gateway").GetString());

        Assert.True(_lab.Netlink.DeleteRoute(route));
        Assert.Empty(_lab.Namespace.IpJson("-6", "route", "show", "default").EnumerateArray());
    }

    [RootFact]
    public void A_second_default_route_fails_unless_replacing()
    {
        _lab.Netlink.AddAddress(_lab.Veth0, IPAddress.Parse("192.0.2.2"), 24);
        _lab.Netlink.AddRoute(RouteSpec.Default(IPAddress.Parse("192.0.2.1"), _lab.Veth0));

        var error = Assert.Throws<SystemCallException>(() => _lab.Netlink.AddRoute(RouteSpec.Default(IPAddress.Parse("192.0.2.3"), _lab.Veth0)));
        Assert.Equal(Errno.EEXIST, error.Errno);
        Assert.StartsWith("netlink add route default via 192.0.2.3 dev veth0: EEXIST", error.Message, StringComparison.Ordinal);

        _lab.Netlink.AddRoute(RouteSpec.Default(IPAddress.Parse("192.0.2.3"), _lab.Veth0), replace: true);
        var shown = Assert.Single(_lab.Namespace.IpJson("route", "show", "default").EnumerateArray());
        Assert.Equal("192.0.2.3", shown.GetProperty("gateway").GetString());
    }

    [RootFact]
    public void Prefix_route_with_metric_is_added()
    {
        _lab.Netlink.AddAddress(_lab.Veth0, IPAddress.Parse("192.0.2.2"), 24);

        _lab.Netlink.AddRoute(new RouteSpec(IPAddress.Parse("198.51.100.0"), 24, IPAddress.Parse("192.0.2.1"), _lab.Veth0, metric: 20));

        var shown = Assert.Single(_lab.Namespace.IpJson("route", "show", "198.51.100.0/24").EnumerateArray());
        Assert.Equal(("192.0.2.1", 20), (shown.GetProperty("gateway").GetString(), shown.GetProperty("metric").GetInt32()));
    }

    public void Dispose() => _lab.Dispose();
}
