using System.Net;

namespace Appliance.Config.Tests.Model;

/// <summary>The supervisor compares old and new configurations with ==: lists must compare by content.</summary>
public sealed class EqualityTests
{
    [Fact]
    public void Loading_the_same_text_twice_gives_equal_configurations()
    {
        var a = Ini.Valid(FactoryDefaults.Text);
        var b = Ini.Valid(FactoryDefaults.Text);
        Assert.NotSame(a, b);
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Comments_and_spacing_do_not_change_the_configuration()
    {
        var a = Ini.Valid(Ini.Base);
        var b = Ini.Valid("; a comment\n" + Ini.Base.Replace("vrid = 51", "VRID=51").Replace("192.0.2.11/24, 2001:db8::11/64", "192.0.2.11/24,2001:db8::11/64"));
        Assert.Equal(a, b);
    }

    [Fact]
    public void A_priority_change_changes_only_that_instance()
    {
        var before = Ini.Valid(Ini.Base);
        var after = Ini.Valid(Ini.With("vrrp:web", "priority", "200"));
        Assert.NotEqual(before, after);
        Assert.NotEqual(before.Vrrp[0], after.Vrrp[0]);
        Assert.Equal(before.Interfaces, after.Interfaces);
        Assert.Equal(before.Nginx, after.Nginx);
        Assert.Equal(before.Vrrp[0] with { Priority = 200 }, after.Vrrp[0]);
    }

    [Fact]
    public void List_valued_properties_compare_by_content()
    {
        var before = Ini.Valid(Ini.Base);
        var after = Ini.Valid(Ini.With("vrrp:web", "virtual_ip", "192.0.2.10/24, 192.0.2.20/24"));
        Assert.NotEqual(before.Vrrp[0], after.Vrrp[0]);
        Assert.Equal(before.Vrrp[0] with { VirtualIps = [new InterfaceAddress(IPAddress.Parse("192.0.2.10"), 24), new InterfaceAddress(IPAddress.Parse("192.0.2.20"), 24)] }, after.Vrrp[0]);
    }

    [Fact]
    public void Lists_built_by_hand_equal_loaded_lists()
    {
        var loaded = Ini.Valid(Ini.Base).Interfaces[0];
        var built = new InterfaceOptions
        {
            Name = "eth0",
            Addresses = new List<InterfaceAddress> { new(IPAddress.Parse("192.0.2.11"), 24), new(IPAddress.Parse("2001:db8::11"), 64) },
            Gateway = IPAddress.Parse("192.0.2.1"),
            Manage = true,
        };
        Assert.Equal(built, loaded);
        Assert.Equal(built.GetHashCode(), loaded.GetHashCode());
    }

    [Fact]
    public void Track_order_and_weights_matter()
    {
        var a = Ini.Valid(Ini.With("vrrp:web:track", "eth0", "-20"));
        var b = Ini.Valid(Ini.With("vrrp:web:track", "eth0", "-30"));
        Assert.NotEqual(a.Vrrp[0].Track, b.Vrrp[0].Track);
        Assert.Equal(["nginx = fault", "eth0 = -20"], a.Vrrp[0].Track.Select(t => t.ToString()));
    }

    [Fact]
    public void Equatable_lists_differ_by_length_and_order()
    {
        Assert.NotEqual(EquatableList.From([1, 2]), EquatableList.From([2, 1]));
        Assert.NotEqual(EquatableList.From([1, 2]), EquatableList.From([1, 2, 3]));
        Assert.Equal(EquatableList.From([1, 2]), EquatableList.From(new List<int> { 1, 2 }));
        Assert.Equal(EquatableList<int>.Empty, EquatableList.From<int>(null));
    }

    [Fact]
    public void Interface_address_helpers_know_their_subnet()
    {
        var a = new InterfaceAddress(IPAddress.Parse("192.0.2.11"), 24);
        Assert.Equal(IPAddress.Parse("192.0.2.0"), a.Network);
        Assert.True(a.Contains(IPAddress.Parse("192.0.2.200")));
        Assert.False(a.Contains(IPAddress.Parse("192.0.3.1")));
        Assert.False(a.Contains(IPAddress.Parse("2001:db8::1")));
        var b = new InterfaceAddress(IPAddress.Parse("2001:db8:0:1::11"), 60);
        Assert.Equal(IPAddress.Parse("2001:db8::"), b.Network);
        Assert.True(b.Contains(IPAddress.Parse("2001:db8:0:f::1")));
        Assert.False(b.Contains(IPAddress.Parse("2001:db8:0:10::1")));
    }
}
