namespace Appliance.Config.Tests.Validation;

/// <summary>[group:NAME] sync groups.</summary>
public sealed class GroupSectionTests
{
    private const string DualStack = """
        [system]
        hostname = edge-a

        [interface:eth0]
        address = 192.0.2.11/24, 2001:db8::11/64
        manage = true

        [interface:eth1]
        address = 198.51.100.11/24
        manage = true

        [vrrp:web4]
        interface = eth0
        vrid = 51
        virtual_ip = 192.0.2.10/24

        [vrrp:web6]
        interface = eth0
        vrid = 51
        virtual_ip = 2001:db8::10/64

        [vrrp:web6:track]
        eth1 = fault

        [group:site]
        instances = web4, web6

        """;

    [Fact]
    public void A_group_names_its_members_and_each_member_knows_its_group()
    {
        var config = Ini.Valid(DualStack);
        var group = Assert.Single(config.Groups);
        Assert.Equal("site", group.Name);
        Assert.Equal(["web4", "web6"], group.Instances);
        Assert.All(config.Vrrp, v => Assert.Equal("site", v.SyncGroup));
    }

    [Fact]
    public void Members_are_written_as_their_sections_spell_them()
    {
        var config = Ini.Valid(Ini.With("group:site", "instances", "WEB4, Web6", DualStack));
        Assert.Equal(["web4", "web6"], config.Groups[0].Instances);
    }

    [Theory]
    [InlineData("web4, web5", "unknown instance web5: there is no [vrrp:web5] (did you mean 'web4'?)")]
    [InlineData("web4", "a group needs at least two instances")]
    [InlineData("web4, web4", "web4 is listed twice")]
    [InlineData("", "required: the instances that move together")]
    public void A_bad_member_list_is_explained(string value, string message)
    {
        var error = Ini.Single(Ini.Load(Ini.With("group:site", "instances", value, DualStack)), message);
        Assert.Equal((ConfigSeverity.Error, "group:site", "instances"), (error.Severity, error.Section, error.Key));
    }

    [Fact]
    public void An_instance_belongs_to_one_group_at_most()
    {
        var text = Ini.With(DualStack, ("group:other", "instances", "web6, web4"));
        var error = Ini.Single(Ini.Load(text), "web6 is already in [group:site]");
        Assert.Equal("group:other", error.Section);
    }

    [Fact]
    public void A_member_that_tracks_with_a_weight_is_refused_because_it_would_move_alone()
    {
        var error = Ini.Single(Ini.Load(Ini.With("vrrp:web6:track", "eth1", "-20", DualStack)), "web6 tracks eth1 with a weight (-20): in a group a weight would move one member alone");
        Assert.Equal("group:site", error.Section);
    }
}
