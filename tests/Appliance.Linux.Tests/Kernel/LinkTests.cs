using System.Net.NetworkInformation;
using Appliance.Linux.Netlink;
using Appliance.Lab;
using Appliance.Testing;

namespace Appliance.Linux.Tests.Kernel;

/// <summary>Links through our netlink socket, checked against `ip`, in a namespace of our own.</summary>
public sealed class LinkTests : IDisposable
{
    private static readonly PhysicalAddress VrrpMac = PhysicalAddress.Parse("00:00:5e:00:01:33");
    private readonly VethLab _lab = VethLab.Create("link");

    [RootFact]
    public void Socket_sees_only_the_interfaces_of_its_namespace()
    {
        var names = _lab.Netlink.DumpLinks().Select(l => l.Name).Order();

        Assert.Equal(["lo", "veth0", "veth1"], names);
    }

    [RootFact]
    public void Link_dump_shows_the_veth_up_with_carrier_and_its_peer()
    {
        var veth0 = Assert.Single(_lab.Netlink.DumpLinks(), l => l.Name == "veth0");

        Assert.Equal((_lab.Veth0, "veth", _lab.Veth1), (veth0.Index, veth0.Kind, veth0.ParentIndex));
        Assert.True(veth0.IsUp);
        Assert.True(veth0.HasCarrier);
        Assert.Equal(OperState.Up, veth0.OperState);
        var shown = _lab.Namespace.IpJson("link", "show", "dev", "veth0")[0];
        Assert.Equal(shown.GetProperty("address").GetString(), Format(veth0.Address!));
        Assert.Equal(shown.GetProperty("mtu").GetInt32(), veth0.Mtu);
    }

    [RootFact]
    public void Veth_whose_peer_is_in_another_namespace_has_no_parent_index()
    {
        using var other = NetworkNamespace.Create("peer");
        _lab.Namespace.CreateVethPair("veth2", "veth3", other);

        var veth2 = _lab.Netlink.GetLink("veth2")!;

        // IFLA_LINK is the peer's index in the other namespace (IFLA_LINK_NETNSID says so): meaningless here.
        Assert.Equal("veth", veth2.Kind);
        Assert.Null(veth2.ParentIndex);
    }

    [RootFact]
    public void Veth_loses_carrier_when_its_peer_goes_down()
    {
        _lab.Namespace.SetDown("veth1");

        var veth0 = _lab.Netlink.GetLink("veth0")!;

        Assert.True(veth0.IsUp);
        Assert.False(veth0.HasCarrier);
        Assert.Equal(OperState.LowerLayerDown, veth0.OperState);
    }

    [RootFact]
    public void Get_link_finds_by_name_and_index_and_gives_null_for_missing_ones()
    {
        Assert.Equal(_lab.Veth1, _lab.Netlink.GetLink("veth1")?.Index);
        Assert.Equal("veth1", _lab.Netlink.GetLink(_lab.Veth1)?.Name);
        Assert.Null(_lab.Netlink.GetLink("nosuch0"));
        Assert.Null(_lab.Netlink.GetLink(9999));
    }

    [RootFact]
    public void Set_link_up_and_down_changes_the_admin_state()
    {
        _lab.Namespace.CreateVethPair("veth2", "veth3");
        var veth2 = _lab.Namespace.IndexOf("veth2");

        _lab.Netlink.SetLinkUp(veth2, up: true);
        Assert.Contains("UP", Flags("veth2"));

        _lab.Netlink.SetLinkUp(veth2, up: false);
        Assert.DoesNotContain("UP", Flags("veth2"));
    }

    [RootTheory]
    [InlineData(MacvlanMode.Private, "private")]
    [InlineData(MacvlanMode.Bridge, "bridge")]
    public void Macvlan_with_the_vrrp_mac_is_created_on_the_veth_and_deleted(MacvlanMode mode, string ipName)
    {
        var created = _lab.Netlink.CreateMacvlan(_lab.Veth0, "vrrp.51", VrrpMac, mode);

        Assert.Equal(("vrrp.51", "macvlan", _lab.Veth0, mode), (created.Name, created.Kind, created.ParentIndex, created.MacvlanMode));
        Assert.Equal(VrrpMac, created.Address);
        var shown = _lab.Namespace.IpJson("-d", "link", "show", "dev", "vrrp.51")[0];
        Assert.Equal("00:00:5e:00:01:33", shown.GetProperty("address").GetString());
        Assert.Equal("veth0", shown.GetProperty("link").GetString());
        var linkInfo = shown.GetProperty("linkinfo");
        Assert.Equal("macvlan", linkInfo.GetProperty("info_kind").GetString());
        Assert.Equal(ipName, linkInfo.GetProperty("info_data").GetProperty("mode").GetString());

        Assert.True(_lab.Netlink.DeleteLink(created.Index));

        Assert.Null(_lab.Netlink.GetLink("vrrp.51"));
        Assert.False(_lab.Namespace.TryExec("ip", "link", "show", "dev", "vrrp.51").Succeeded);
    }

    [RootFact]
    public void Creating_a_macvlan_twice_fails_with_eexist_naming_the_parent()
    {
        _lab.Netlink.CreateMacvlan(_lab.Veth0, "vrrp.51", VrrpMac, MacvlanMode.Private);

        var error = Assert.Throws<SystemCallException>(() => _lab.Netlink.CreateMacvlan(_lab.Veth0, "vrrp.51", VrrpMac, MacvlanMode.Private));

        Assert.Equal(Errno.EEXIST, error.Errno);
        Assert.StartsWith("netlink create macvlan vrrp.51 (00:00:5e:00:01:33, mode private) on veth0: EEXIST", error.Message, StringComparison.Ordinal);
    }

    [RootFact]
    public void Deleting_a_missing_link_is_fine_only_when_asked()
    {
        Assert.False(_lab.Netlink.DeleteLink(9999, ignoreMissing: true));
        Assert.Equal(Errno.ENODEV, Assert.Throws<SystemCallException>(() => _lab.Netlink.DeleteLink(9999)).Errno);
    }

    [RootFact]
    public void Set_link_address_changes_the_mac()
    {
        _lab.Netlink.SetLinkAddress(_lab.Veth0, VrrpMac);

        Assert.Equal("00:00:5e:00:01:33", _lab.Namespace.IpJson("link", "show", "dev", "veth0")[0].GetProperty("address").GetString());
        Assert.Equal(VrrpMac, _lab.Netlink.GetLink(_lab.Veth0)!.Address);
    }

    public void Dispose() => _lab.Dispose();

    private string[] Flags(string link) =>
        [.. _lab.Namespace.IpJson("link", "show", "dev", link)[0].GetProperty("flags").EnumerateArray().Select(f => f.GetString()!)];

    private static string Format(PhysicalAddress address) =>
        string.Join(':', address.GetAddressBytes().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
}
