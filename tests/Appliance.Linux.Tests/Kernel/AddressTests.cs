using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Appliance.Linux.Netlink;
using Appliance.Lab;
using Appliance.Testing;

namespace Appliance.Linux.Tests.Kernel;

/// <summary>Addresses through our netlink socket, checked against what `ip` sees, in a namespace of our own.</summary>
public sealed class AddressTests : IDisposable
{
    private readonly VethLab _lab = VethLab.Create("addr");

    [RootFact]
    public void Ipv4_address_shows_in_ip_and_in_our_dump_and_goes_on_delete()
    {
        var vip = IPAddress.Parse("192.0.2.10");

        _lab.Netlink.AddAddress(_lab.Veth0, vip, 24);

        var shown = Assert.Single(_lab.IpAddresses("veth0"), a => a.GetProperty("local").GetString() == "192.0.2.10");
        Assert.Equal(24, shown.GetProperty("prefixlen").GetInt32());
        Assert.Equal("192.0.2.255", shown.GetProperty("broadcast").GetString());
        var ours = Assert.Single(_lab.Netlink.DumpAddresses(AddressFamily.InterNetwork), a => a.Address.Equals(vip));
        Assert.Equal((_lab.Veth0, 24, AddressScope.Universe, "veth0"), (ours.InterfaceIndex, ours.PrefixLength, ours.Scope, ours.Label));

        Assert.True(_lab.Netlink.DeleteAddress(_lab.Veth0, vip, 24));

        Assert.DoesNotContain(_lab.IpAddresses("veth0"), a => a.GetProperty("local").GetString() == "192.0.2.10");
        Assert.DoesNotContain(_lab.Netlink.DumpAddresses(), a => a.Address.Equals(vip));
    }

    [RootFact]
    public void Ipv6_vip_added_without_dad_is_usable_at_once()
    {
        var vip = IPAddress.Parse("2001:db8::10");

        _lab.Netlink.AddAddress(_lab.Veth0, vip, 64, flags: AddressFlags.NoDad);

        var shown = Assert.Single(_lab.IpAddresses("veth0"), a => a.GetProperty("local").GetString() == "2001:db8::10");
        Assert.False(shown.TryGetProperty("tentative", out _), shown.ToString());
        Assert.True(shown.GetProperty("nodad").GetBoolean());
        var ours = Assert.Single(_lab.Netlink.DumpAddresses(AddressFamily.InterNetworkV6), a => a.Address.Equals(vip));
        Assert.True(ours.IsUsable);
        Assert.True(ours.Flags.HasFlag(AddressFlags.NoDad));

        Assert.True(_lab.Netlink.DeleteAddress(_lab.Veth0, vip, 64));
        Assert.DoesNotContain(_lab.Netlink.DumpAddresses(AddressFamily.InterNetworkV6), a => a.Address.Equals(vip));
    }

    [RootFact]
    public void Ipv6_address_with_dad_is_tentative_at_first()
    {
        // The contrast that makes NoDad necessary for a VIP.
        _lab.Netlink.AddAddress(_lab.Veth0, IPAddress.Parse("2001:db8::11"), 64);

        var ours = Assert.Single(_lab.Netlink.DumpAddresses(AddressFamily.InterNetworkV6), a => a.Address.Equals(IPAddress.Parse("2001:db8::11")));
        Assert.False(ours.IsUsable);
    }

    [RootFact]
    public void Adding_an_address_twice_fails_with_eexist_naming_address_and_interface()
    {
        var vip = IPAddress.Parse("192.0.2.10");
        _lab.Netlink.AddAddress(_lab.Veth0, vip, 24);

        var error = Assert.Throws<SystemCallException>(() => _lab.Netlink.AddAddress(_lab.Veth0, vip, 24));

        Assert.Equal(Errno.EEXIST, error.Errno);
        Assert.StartsWith("netlink add address 192.0.2.10/24 on veth0: EEXIST (File exists)", error.Message, StringComparison.Ordinal);
    }

    [RootFact]
    public void Deleting_an_absent_address_succeeds_only_when_asked_to_ignore_it()
    {
        var absent = IPAddress.Parse("192.0.2.99");

        Assert.False(_lab.Netlink.DeleteAddress(_lab.Veth0, absent, 24, ignoreMissing: true));
        var error = Assert.Throws<SystemCallException>(() => _lab.Netlink.DeleteAddress(_lab.Veth0, absent, 24));
        Assert.Equal(Errno.EADDRNOTAVAIL, error.Errno);
        Assert.Contains("on veth0", error.Message, StringComparison.Ordinal);
    }

    [RootFact]
    public void Noprefixroute_keeps_the_kernel_from_adding_the_prefix_route()
    {
        _lab.Netlink.AddAddress(_lab.Veth0, IPAddress.Parse("198.51.100.10"), 24, flags: AddressFlags.NoPrefixRoute);
        _lab.Netlink.AddAddress(_lab.Veth0, IPAddress.Parse("203.0.113.10"), 24);

        var routes = _lab.Namespace.IpJson("route", "show", "dev", "veth0").EnumerateArray().Select(r => r.GetProperty("dst").GetString()).ToList();

        Assert.DoesNotContain("198.51.100.0/24", routes);
        Assert.Contains("203.0.113.0/24", routes);
        Assert.Contains(_lab.Netlink.DumpAddresses(), a => a.Address.Equals(IPAddress.Parse("198.51.100.10")) && a.Flags.HasFlag(AddressFlags.NoPrefixRoute));
    }

    [RootFact]
    public void Label_gives_an_ipv4_address_an_alias_name()
    {
        _lab.Netlink.AddAddress(_lab.Veth0, IPAddress.Parse("192.0.2.10"), 24, label: "veth0:vip");

        var shown = Assert.Single(_lab.IpAddresses("veth0"), a => a.GetProperty("local").GetString() == "192.0.2.10");
        Assert.Equal("veth0:vip", shown.GetProperty("label").GetString());
    }

    [RootFact]
    public void Kernel_explanation_and_a_missing_interface_show_in_the_exception()
    {
        var error = Assert.Throws<SystemCallException>(() => _lab.Netlink.AddAddress(9999, IPAddress.Parse("192.0.2.10"), 24));

        Assert.Equal(Errno.ENODEV, error.Errno);
        Assert.Equal("ipv4: Device not found", error.KernelMessage);
        Assert.Equal(
            "netlink add address 192.0.2.10/24 on ifindex 9999 (gone): ENODEV (No such device): kernel says \"ipv4: Device not found\"",
            error.Message);
    }

    [RootFact]
    public void Dump_of_500_addresses_is_complete()
    {
        for (var i = 1; i <= 500; i++)
        {
            _lab.Netlink.AddAddress(_lab.Veth0, IPAddress.Parse($"2001:db8:1::{i:x}"), 128, flags: AddressFlags.NoDad);
        }

        var before = _lab.Netlink.DatagramsReceived;
        var ours = _lab.Netlink.DumpAddresses(AddressFamily.InterNetworkV6)
            .Where(a => a.InterfaceIndex == _lab.Veth0 && a.PrefixLength == 128)
            .Select(a => a.Address)
            .ToHashSet();
        var datagrams = _lab.Netlink.DatagramsReceived - before;

        Assert.Equal(500, ours.Count);
        Assert.All(Enumerable.Range(1, 500), i => Assert.Contains(IPAddress.Parse($"2001:db8:1::{i:x}"), ours));
        Assert.True(datagrams > 1, $"the dump came in {datagrams} datagram(s); expected a multipart reply");
        var shown = _lab.IpAddresses("veth0").Count(a => a.GetProperty("prefixlen").GetInt32() == 128);
        Assert.Equal(500, shown);
    }

    public void Dispose() => _lab.Dispose();
}
