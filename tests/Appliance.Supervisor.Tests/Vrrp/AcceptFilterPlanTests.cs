using System.Net;
using Appliance.Config;
using Appliance.Supervisor.Vrrp;

namespace Appliance.Supervisor.Tests.Vrrp;

/// <summary>RFC 9568 Accept_Mode as the configuration decides it: who is filtered, what stays served, the nft script.</summary>
public sealed class AcceptFilterPlanTests
{
    private static ApplianceConfig Load(string vrrpExtra, string nginx = "enabled = true\nlisten = 80, [::]:80", string vip = "192.0.2.10/24")
    {
        var text = $"""
            [system]
            hostname = edge-a

            [interface:eth0]
            address = 192.0.2.11/24, 2001:db8::11/64

            [vrrp:web]
            interface = eth0
            vrid = 51
            virtual_ip = {vip}
            {vrrpExtra}

            [nginx]
            {nginx}
            """;
        var load = ApplianceConfigLoader.Load(text, new ConfigEnvironment { KnownInterfaces = ["eth0"] });
        return load.Config ?? throw new InvalidOperationException(string.Join("; ", load.Diagnostics));
    }

    [Fact]
    public void The_default_accepts_and_filters_nothing()
    {
        var plan = AcceptFilterPlan.From(Load(""));
        Assert.True(plan.IsEmpty);
        Assert.Equal("table inet appliance\ndelete table inet appliance\n", plan.Render());
    }

    [Fact]
    public void Accept_false_drops_the_virtual_addresses_but_nginx_held_ports_of_the_family()
    {
        var plan = AcceptFilterPlan.From(Load("accept = false", nginx: "enabled = true\nlisten = 80, [::]:8443, 203.0.113.5:9000, 192.0.2.10:443"));
        var entry = Assert.Single(plan.Entries);
        Assert.Equal("web", entry.Instance);
        Assert.Equal([IPAddress.Parse("192.0.2.10")], entry.Addresses);
        // IPv6's 8443 and another address's 9000 do not reach an IPv4 virtual address.
        Assert.Equal([80, 443], entry.OpenTcpPorts);
        var script = plan.Render();
        Assert.Contains("ip daddr { 192.0.2.10 } tcp dport { 80, 443 } accept\n", script, StringComparison.Ordinal);
        Assert.Contains("ip daddr { 192.0.2.10 } counter drop\n", script, StringComparison.Ordinal);
        Assert.True(script.IndexOf("tcp dport", StringComparison.Ordinal) < script.IndexOf("counter drop", StringComparison.Ordinal), script);
        Assert.StartsWith("table inet appliance\ndelete table inet appliance\ntable inet appliance {\n", script, StringComparison.Ordinal);
        Assert.Contains("type filter hook input priority filter; policy accept;", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Over_IPv6_neighbour_discovery_to_the_address_still_passes()
    {
        var plan = AcceptFilterPlan.From(Load("accept = false", vip: "2001:db8::10/64"));
        var script = plan.Render();
        Assert.Contains("ip6 daddr { 2001:db8::10 } icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept\n", script, StringComparison.Ordinal);
        Assert.Contains("ip6 daddr { 2001:db8::10 } tcp dport { 80 } accept\n", script, StringComparison.Ordinal);
        Assert.Contains("ip6 daddr { 2001:db8::10 } counter drop\n", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_nginx_nothing_stays_open()
    {
        var entry = Assert.Single(AcceptFilterPlan.From(Load("accept = false", nginx: "enabled = false\nlisten = 80")).Entries);
        Assert.Empty(entry.OpenTcpPorts);
        Assert.Equal("accept false: nothing reaches the VIP", entry.Describe());
    }

    [Fact]
    public void The_address_owner_is_not_held_to_accept_mode()
    {
        var config = Load("accept = false\npriority = 255", vip: "192.0.2.11/24");
        Assert.True(AcceptFilterPlan.From(config).IsEmpty);
    }

    [Fact]
    public void Equal_configurations_give_equal_plans_and_a_port_change_does_not()
    {
        var a = AcceptFilterPlan.From(Load("accept = false"));
        var b = AcceptFilterPlan.From(Load("accept = false"));
        var c = AcceptFilterPlan.From(Load("accept = false", nginx: "enabled = true\nlisten = 8080"));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(a, AcceptFilterPlan.Empty);
    }

    [Fact]
    public void Accept_false_without_a_listen_entry_for_the_addresses_is_a_warning_that_the_web_is_dropped()
    {
        var text = """
            [interface:eth0]
            address = 192.0.2.11/24
            [vrrp:web]
            interface = eth0
            vrid = 51
            virtual_ip = 192.0.2.10/24
            accept = false
            [nginx]
            enabled = true
            """;
        var load = ApplianceConfigLoader.Load(text, new ConfigEnvironment { KnownInterfaces = ["eth0"] });
        Assert.NotNull(load.Config);
        Assert.Contains(load.Diagnostics, d => d.Format(null).Contains("accept = false drops every packet to the virtual addresses, nginx's too", StringComparison.Ordinal));

        var served = ApplianceConfigLoader.Load(text + "\nlisten = 80\n", new ConfigEnvironment { KnownInterfaces = ["eth0"] });
        Assert.DoesNotContain(served.Diagnostics, d => d.Format(null).Contains("accept = false", StringComparison.Ordinal));
    }
}
