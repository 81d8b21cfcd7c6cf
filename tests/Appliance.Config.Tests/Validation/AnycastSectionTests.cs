using System.Net;

namespace Appliance.Config.Tests.Validation;

/// <summary>[bgp] and [anycast:NAME]: the sessions BIRD opens and the host routes it announces while healthy.</summary>
public sealed class AnycastSectionTests
{
    private const string WithAnycast = Ini.Base + """

        [bgp]
        local_as = 65010
        neighbor = 192.0.2.1, 2001:db8::1
        neighbor_as = 65000

        [anycast:web]
        prefix = 203.0.113.10/32, 2001:db8:ac::10/128
        track = nginx

        """;

    [Fact]
    public void A_bgp_section_and_an_anycast_group_are_read_whole_with_their_defaults()
    {
        var config = Ini.Valid(WithAnycast);
        var bgp = config.Bgp!;
        Assert.Equal((65010u, 65000u), (bgp.LocalAs, bgp.NeighborAs));
        Assert.Equal([IPAddress.Parse("192.0.2.1"), IPAddress.Parse("2001:db8::1")], bgp.Neighbors);
        Assert.Equal(IPAddress.Parse("192.0.2.11"), bgp.RouterId); // the first IPv4 address of [interface:eth0]
        Assert.Equal((true, TimeSpan.FromMilliseconds(100), 3), (bgp.Bfd, bgp.BfdInterval, BgpOptions.BfdMultiplier));
        var group = Assert.Single(config.Anycast);
        Assert.Equal(("web", "nginx"), (group.Name, group.Track));
        Assert.Equal(["203.0.113.10/32", "2001:db8:ac::10/128"], group.Prefixes.Select(p => p.ToString()));
    }

    [Fact]
    public void Explicit_values_replace_the_defaults_and_an_address_alone_is_a_host_route()
    {
        var config = Ini.Valid(Ini.With(WithAnycast,
            ("bgp", "router_id", "198.51.100.7"), ("bgp", "bfd", "false"), ("bgp", "bfd_interval", "300ms"), ("bgp", "local_as", "4200000000"),
            ("anycast:web", "prefix", "203.0.113.10"), ("anycast:web", "track", "eth0")));
        Assert.Equal((IPAddress.Parse("198.51.100.7"), false, TimeSpan.FromMilliseconds(300), 4200000000u),
            (config.Bgp!.RouterId, config.Bgp.Bfd, config.Bgp.BfdInterval, config.Bgp.LocalAs));
        Assert.Equal(("203.0.113.10/32", "eth0"), (config.Anycast[0].Prefixes.Single().ToString(), config.Anycast[0].Track));
    }

    [Fact]
    public void A_group_may_track_a_check_as_its_section_spells_it()
    {
        var text = Ini.With(WithAnycast, ("check:Backend", "type", "tcp"), ("check:Backend", "target", "127.0.0.1:5432"), ("anycast:web", "track", "backend"));
        Assert.Equal("Backend", Ini.Valid(text).Anycast[0].Track);
    }

    [Theory]
    [InlineData("bgp", "local_as", "0", "out of range: local_as must be 1-4294967295")]
    [InlineData("bgp", "local_as", "4294967296", "out of range: local_as must be 1-4294967295")]
    [InlineData("bgp", "local_as", "1.10", "asdot notation")]
    [InlineData("bgp", "local_as", "", "required: this box's AS")]
    [InlineData("bgp", "neighbor_as", "-5", "not a whole number")]
    [InlineData("bgp", "neighbor", "", "required: the router(s) to peer with")]
    [InlineData("bgp", "neighbor", "192.0.2.11", "192.0.2.11 is this box's own address")]
    [InlineData("bgp", "neighbor", "router.example", "is not an IPv4 or IPv6 address (names are not resolved here)")]
    [InlineData("bgp", "neighbor", "fe80::1", "fe80::1 is link-local")]
    [InlineData("bgp", "router_id", "2001:db8::11", "a router id is 32 bits")]
    [InlineData("bgp", "bfd_interval", "5ms", "out of range: bfd_interval must be 10ms-10s")]
    [InlineData("anycast:web", "prefix", "203.0.113.10/24", "203.0.113.10/24 is not a host route: an anycast prefix is one address, /32 for IPv4")]
    [InlineData("anycast:web", "prefix", "2001:db8:ac::/64", "2001:db8:ac::/64 is not a host route: an anycast prefix is one address, /128 for IPv6")]
    [InlineData("anycast:web", "prefix", "127.0.0.1", "127.0.0.1 is a loopback address")]
    [InlineData("anycast:web", "prefix", "", "required: the anycast host routes")]
    [InlineData("anycast:web", "track", "eth9", "unknown tracked object: eth9 is no [check:eth9] or [interface:eth9] section")]
    [InlineData("anycast:web", "track", "ngnix", "unknown tracked object: ngnix")]
    public void A_bad_value_is_reported_against_its_section_key_and_line(string section, string key, string value, string message)
    {
        var error = Ini.Single(Ini.Load(Ini.With(section, key, value, WithAnycast)), message);
        Assert.True(error.IsError);
        Assert.Equal((section, key), (error.Section, error.Key));
        Assert.NotNull(error.Line);
    }

    [Fact]
    public void An_anycast_group_without_a_bgp_section_is_an_error()
    {
        var text = Ini.Base + "\n[anycast:web]\nprefix = 203.0.113.10/32\n";
        var error = Ini.Single(Ini.Load(text), "an anycast group needs a [bgp] section");
        Assert.Equal("anycast:web", error.Section);
    }

    [Fact]
    public void A_bgp_section_needs_a_router_id_when_no_interface_has_an_IPv4_address()
    {
        var text = WithAnycast.Replace("192.0.2.11/24, ", "", StringComparison.Ordinal).Replace("gateway = 192.0.2.1\n", "", StringComparison.Ordinal)
            .Replace("virtual_ip = 192.0.2.10/24", "virtual_ip = 2001:db8::10/64", StringComparison.Ordinal);
        Assert.Equal("router_id", Ini.Single(Ini.Load(text), "no [interface:NAME] has an IPv4 address").Key);
    }

    [Fact]
    public void A_prefix_belongs_to_one_group_and_a_family_without_a_neighbor_is_a_warning()
    {
        var text = WithAnycast + "\n[anycast:api]\nprefix = 203.0.113.10\n";
        Assert.Equal("anycast:api", Ini.Single(Ini.Load(text), "203.0.113.10 is already in [anycast:web]").Section);
        var v4Only = Ini.Load(Ini.With("bgp", "neighbor", "192.0.2.1", WithAnycast));
        Assert.False(v4Only.HasErrors);
        Assert.False(Ini.Single(v4Only, "no IPv6 neighbor in [bgp]").IsError);
    }

    [Theory]
    [InlineData("[anycast:web-1]", "bad anycast name 'web-1': anycast names start with a letter and use letters, digits and '_'")]
    [InlineData("[anycast]", "missing group name: write [anycast:NAME]")]
    [InlineData("[bgp:x]", "[bgp] takes no name")]
    [InlineData("[anycats:web]", "did you mean [anycast:web]?")]
    public void Section_names_are_checked(string header, string message)
    {
        Ini.Single(Ini.Load(Ini.Base + "\n" + header + "\nprefix = 203.0.113.10\n"), message);
    }

    [Fact]
    public void An_unknown_key_is_named_with_a_suggestion()
    {
        Ini.Single(Ini.Load(Ini.With("bgp", "neighbour", "192.0.2.1", WithAnycast)), "did you mean 'neighbor'?");
    }
}
