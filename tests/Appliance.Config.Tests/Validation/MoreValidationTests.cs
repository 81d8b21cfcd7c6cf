namespace Appliance.Config.Tests.Validation;

public sealed class MoreValidationTests
{
    [Theory]
    [InlineData("vrrp:web", "preempt_delay", "1,5s", "write decimals with '.', e.g. 1.5s: durations take ms or s: 1s, 100ms")]
    [InlineData("vrrp:web", "preempt_delay", "100000000000000s", "duration too long")]
    [InlineData("vrrp:web", "preempt_delay", "99999999s", "duration too long")]
    [InlineData("vrrp:web", "preempt_delay", "500us", "too fine: durations take ms or s: 1s, 100ms")]
    [InlineData("vrrp:web", "preempt_delay", "500 msec", "write '500ms': durations take ms or s: 1s, 100ms")]
    [InlineData("vrrp:web", "preempt_delay", "-1s", "not a duration: durations take ms or s: 1s, 100ms")]
    [InlineData("vrrp:web", "preempt_delay", "1.s", "not a duration: durations take ms or s: 1s, 100ms")]
    [InlineData("vrrp:web", "virtual_ip", "127.0.0.10", "127.0.0.10 is a loopback address, not a virtual address")]
    [InlineData("vrrp:web", "virtual_ip", "240.0.0.1", "240.0.0.1 is a reserved (class E) address, not a virtual address")]
    [InlineData("vrrp:web", "virtual_ip", "0.1.2.3", "0.1.2.3 is in 0.0.0.0/8 (\"this network\"), not a virtual address")]
    [InlineData("vrrp:web", "virtual_ip", "ff02::12", "ff02::12 is a multicast address, not a virtual address")]
    [InlineData("vrrp:web", "unicast_peer", "255.255.255.255", "255.255.255.255 is the broadcast address, not a peer")]
    [InlineData("vrrp:web", "unicast_source", "::", ":: is IPv6 but this instance's virtual_ip are IPv4")]
    [InlineData("vrrp:web", "unicast_source", "0.0.0.0", "0.0.0.0 is the unspecified address, not a source address")]
    [InlineData("interface:eth0", "gateway", "127.0.0.1", "127.0.0.1 is a loopback address, not a gateway")]
    [InlineData("interface:eth0", "address", "[2001:db8::1]/64", "'[2001:db8::1]' is not an IPv4 or IPv6 address")]
    [InlineData("system", "console_password", "pbkdf2-sha256$10000$!!$aGFzaA==", "not a password hash: the salt is not base64 of at least 8 bytes")]
    [InlineData("system", "console_password", "pbkdf2-sha256$10000$c2FsdHNhbHQ=$aGFzaA==", "not a password hash: the hash is not base64 of 32 bytes")]
    [InlineData("system", "console", "tty S0", "not a console device")]
    [InlineData("system", "modules", "virtio_net, ../evil", "'../evil' is not a module name")]
    [InlineData("log", "remote", "udp://[192.0.2.5]:514", "'192.0.2.5' in brackets is not an IPv6 address")]
    [InlineData("log", "remote", "udp://[2001:db8::5]", "missing port")]
    [InlineData("log", "remote", "udp://192.0.2.5:-1", "port '-1' is not 1-65535")]
    [InlineData("log", "remote", "udp://-bad-:514", "'-bad-' is not an address or host name")]
    public void Rarer_mistakes_have_their_own_messages(string section, string key, string value, string message)
    {
        var error = Ini.Single(Ini.Load(Ini.With(section, key, value)), message);
        Assert.Equal((ConfigSeverity.Error, section, key), (error.Severity, error.Section, error.Key));
    }

    [Fact]
    public void More_than_255_virtual_addresses_do_not_fit_an_advertisement()
    {
        var many = string.Join(", ", Enumerable.Range(0, 256).Select(i => $"198.51.{100 + (i / 200)}.{1 + (i % 200)}"));
        var error = Ini.Single(Ini.Load(Ini.With("vrrp:web", "virtual_ip", many)), "256 addresses: an advertisement carries at most 255");
        Assert.Equal("virtual_ip", error.Key);
    }

    [Fact]
    public void A_gateway_on_a_managed_interface_without_that_family_is_a_warning()
    {
        var text = Ini.With(Ini.Base, ("interface:eth0", "address", "2001:db8::11/64"), ("vrrp:web", "virtual_ip", "2001:db8::10/64"));
        var warning = Ini.Single(Ini.Load(text), "eth0 has no IPv4 address, so 192.0.2.1 is unreachable as a gateway");
        Assert.Equal(("gateway", ConfigSeverity.Warning), (warning.Key, warning.Severity));
    }

    [Fact]
    public void A_link_local_ipv6_gateway_is_accepted_without_a_subnet()
    {
        var config = Ini.Valid(Ini.With("interface:eth0", "gateway6", "fe80::1"));
        Assert.Equal("fe80::1", config.Interfaces[0].Gateway6!.ToString());
    }

    [Fact]
    public void An_interface_name_differing_only_in_case_is_suggested()
    {
        var error = Ini.Single(Ini.Load(Ini.With("vrrp:web", "interface", "ETH0")), "unknown interface");
        Assert.EndsWith("did you mean 'eth0'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_interface_number_is_not_offered_as_a_typo()
    {
        var error = Ini.Single(Ini.Load(Ini.With("vrrp:web", "interface", "eth1")), "unknown interface");
        Assert.Equal("unknown interface: eth1 is no [interface:eth1] section", error.Message);
    }

    [Theory]
    [InlineData("chk_nginx", "killall -0 nginx", true)]
    [InlineData("chk", "pidof nginx", true)]
    [InlineData("chk", "/usr/bin/pgrep -x nginx", true)]
    [InlineData("chk", "/usr/bin/test -f /run/nginx.pid", true)]
    [InlineData("chk", "/usr/bin/curl -s -o /dev/null http://localhost/", true)]
    [InlineData("chk", "wget -q -O- http://127.0.0.1:8080/status", true)]
    [InlineData("chk", "systemctl is-active --quiet nginx", true)]
    [InlineData("chk", "/etc/keepalived/check_nginx.sh", true)]
    [InlineData("chk_nginx", "/etc/keepalived/check.sh", true)]
    [InlineData("chk", "/usr/local/bin/check_disk.sh", false)]
    [InlineData("chk", "ping -c1 192.0.2.1", false)]
    [InlineData("chk", "/usr/bin/curl http://backend.example.net/", false)]
    [InlineData("chk", "/usr/sbin/nginx -t", false)]
    public void Nginx_checks_are_recognised_among_check_scripts(string name, string command, bool nginx) =>
        Assert.Equal(nginx, NginxCheck.Classify(name, command) != NginxCheck.Verdict.NotNginx);
}
