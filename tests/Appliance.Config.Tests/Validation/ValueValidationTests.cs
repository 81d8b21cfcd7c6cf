namespace Appliance.Config.Tests.Validation;

/// <summary>One row per validation message: set one key of the valid base, expect exactly that diagnostic.</summary>
public sealed class ValueValidationTests
{
    [Theory]
    [InlineData("system", "hostname", "-edge", "not a valid hostname: a hostname cannot start or end with '-' (RFC 1123)")]
    [InlineData("system", "hostname", "edge.example.net", "not a valid hostname: a hostname is one RFC 1123 label: no dots")]
    [InlineData("system", "hostname", "edge_a", "not a valid hostname: a hostname uses only letters, digits and '-' (RFC 1123)")]
    [InlineData("system", "hostname", "", "not a valid hostname: a hostname is 1-63 characters")]
    [InlineData("system", "state_dir", "run/appliance", "not an absolute path: it must start with '/'")]
    [InlineData("system", "console", "ttyS0 ; serial", "not a console device: write a name under /dev such as ttyS0, ttyAMA0, hvc0 or tty1 (a ';' or '#' after a value is part of the value")]
    [InlineData("system", "console_password", "secret", "not a password hash: expected pbkdf2-sha256$ITERATIONS$SALT$HASH; set it with `appliance passwd`")]
    [InlineData("system", "console_password", "pbkdf2-sha256$10$AAAAAAAAAAA=$AAAA", "not a password hash: iterations must be 10000-10000000")]
    [InlineData("system", "modules", "virtio_net,,macvlan", "empty entry in a comma-separated list (stray or trailing ',')")]
    [InlineData("system", "modules", "virtio_net.ko", "'virtio_net.ko' is not a module name: module names use letters, digits, '_' and '-' (no paths, no .ko)")]
    [InlineData("system", "shell", "maybe", "not a boolean: write true or false (yes/no, on/off, 1/0 also work)")]
    [InlineData("system", "watchdog", "dev/watchdog", "not an absolute path: it must start with '/'")]
    [InlineData("system", "watchdog_timeout", "4500ms", "not whole seconds: watchdog drivers count their timeout in seconds (3s-600s)")]
    [InlineData("system", "watchdog_timeout", "2s", "out of range: watchdog_timeout must be 3s-600s")]
    [InlineData("system", "watchdog_timeout", "601s", "out of range: watchdog_timeout must be 3s-600s")]
    [InlineData("interface:eth0", "address", "192.0.2.11", "'192.0.2.11' needs a prefix length, e.g. 192.0.2.11/24")]
    [InlineData("interface:eth0", "address", "192.0.2.300/24", "'192.0.2.300' has an octet above 255")]
    [InlineData("interface:eth0", "address", "10.1/8", "'10.1' is not an IPv4 or IPv6 address")]
    [InlineData("interface:eth0", "address", "010.0.0.1/8", "'010.0.0.1' has a leading zero in an octet (ambiguous: octal or decimal?)")]
    [InlineData("interface:eth0", "address", "192.0.2.11/33", "'192.0.2.11/33' has a bad prefix length: /1 to /32 for IPv4")]
    [InlineData("interface:eth0", "address", "2001:db8::11/129", "'2001:db8::11/129' has a bad prefix length: /1 to /128 for IPv6")]
    [InlineData("interface:eth0", "address", "192.0.2.0/24", "'192.0.2.0/24' is the network address of 192.0.2.0/24, not a host address")]
    [InlineData("interface:eth0", "address", "192.0.2.255/24", "'192.0.2.255/24' is the broadcast address of 192.0.2.0/24, not a host address")]
    [InlineData("interface:eth0", "address", "224.0.0.5/24", "224.0.0.5/24 is a multicast address, not an address for an interface")]
    [InlineData("interface:eth0", "address", "fe80::1%eth0/64", "'fe80::1%eth0' has a zone (%...): write the address alone, the interface comes from the configuration")]
    [InlineData("interface:eth0", "address", "::ffff:192.0.2.11/120", "'::ffff:192.0.2.11' is an IPv4-mapped IPv6 address: write the IPv4 address 192.0.2.11")]
    [InlineData("interface:eth0", "address", "edge-b/24", "'edge-b' is not an IPv4 or IPv6 address (names are not resolved here)")]
    [InlineData("interface:eth0", "gateway", "2001:db8::1", "gateway takes an IPv4 address; put an IPv6 gateway in gateway6")]
    [InlineData("interface:eth0", "gateway6", "192.0.2.1", "gateway6 takes an IPv6 address; put an IPv4 gateway in gateway")]
    [InlineData("interface:eth0", "gateway", "192.0.2.11", "192.0.2.11 is this box's own address on eth0, not a gateway")]
    [InlineData("interface:eth0", "gateway", "192.0.2.1/24", "'192.0.2.1/24' has a prefix length; an address alone is expected here")]
    [InlineData("interface:eth0", "manage", "2", "not a boolean: write true or false (yes/no, on/off, 1/0 also work)")]
    [InlineData("vrrp:web", "vrid", "0", "out of range: vrid must be 1-255")]
    [InlineData("vrrp:web", "vrid", "256", "out of range: vrid must be 1-255")]
    [InlineData("vrrp:web", "vrid", "", "required: the virtual router id, 1-255, the same on both boxes")]
    [InlineData("vrrp:web", "vrid", "0x33", "not a whole number")]
    [InlineData("vrrp:web", "priority", "300", "out of range: priority must be 1-254 (255 only for the address owner)")]
    [InlineData("vrrp:web", "priority", "0", "out of range: priority must be 1-254 (255 only for the address owner)")]
    [InlineData("vrrp:web", "priority", "255", "out of range: priority must be 1-254 (255 only for the address owner): 192.0.2.10 is not an address of [interface:eth0]")]
    [InlineData("vrrp:web", "priority", "150 ; default 100", "not a whole number (a ';' or '#' after a value is part of the value: put comments on their own line)")]
    [InlineData("vrrp:web", "priority", "", "empty value: write a value, or delete the line for the default (100)")]
    [InlineData("vrrp:web", "version", "4", "out of range: version must be 2 or 3")]
    [InlineData("vrrp:web", "advert_interval", "1", "missing unit: durations take ms or s: 1s, 100ms (a bare number is ambiguous)")]
    [InlineData("vrrp:web", "advert_interval", "fast", "not a duration: durations take ms or s: 1s, 100ms")]
    [InlineData("vrrp:web", "advert_interval", "1m", "minutes are not accepted: durations take ms or s: 1s, 100ms (5 minutes = 300s)")]
    [InlineData("vrrp:web", "advert_interval", "1 sec", "write '1s': durations take ms or s: 1s, 100ms")]
    [InlineData("vrrp:web", "advert_interval", "1.5ms", "durations are counted in whole milliseconds")]
    [InlineData("vrrp:web", "advert_interval", "5ms", "out of range: advert_interval must be 10ms-40.95s for version 3")]
    [InlineData("vrrp:web", "advert_interval", "41s", "out of range: advert_interval must be 10ms-40.95s for version 3")]
    [InlineData("vrrp:web", "advert_interval", "155ms", "not in 10 ms steps: VRRPv3 counts advert_interval in centiseconds (e.g. 150ms or 160ms)")]
    [InlineData("vrrp:web", "virtual_ip", "", "required: one or more virtual addresses, e.g. 192.0.2.10/24")]
    [InlineData("vrrp:web", "virtual_ip", "192.0.2.10 192.0.2.20", "'192.0.2.10 192.0.2.20' is not an IPv4 or IPv6 address: separate several addresses with commas")]
    [InlineData("vrrp:web", "virtual_ip", "192.0.2.10, 192.0.2.10/24", "192.0.2.10 is listed twice")]
    [InlineData("vrrp:web", "virtual_ip", "192.0.2.10/24, 2001:db8::10/64", "mixed address families: 192.0.2.10/24 is IPv4 but 2001:db8::10/64 is IPv6; one family per instance (add a second instance for the other family)")]
    [InlineData("vrrp:web", "virtual_ip", "0.0.0.0", "0.0.0.0 is the unspecified address, not a virtual address")]
    [InlineData("vrrp:web", "virtual_ip", "192.0.2.10,", "empty entry in a comma-separated list (stray or trailing ',')")]
    [InlineData("vrrp:web", "preempt", "sometimes", "not a boolean: write true or false (yes/no, on/off, 1/0 also work)")]
    [InlineData("vrrp:web", "preempt_delay", "2h", "hours are not accepted: durations take ms or s: 1s, 100ms (1 hour = 3600s)")]
    [InlineData("vrrp:web", "preempt_delay", "3601s", "out of range: preempt_delay must be 0s-3600s")]
    [InlineData("vrrp:web", "unicast_peer", "2001:db8::12", "2001:db8::12 is IPv6 but this instance's virtual_ip are IPv4")]
    [InlineData("vrrp:web", "unicast_peer", "192.0.2.11", "192.0.2.11 is this box's own address (on eth0): list the other box's address")]
    [InlineData("vrrp:web", "unicast_peer", "224.0.0.18", "224.0.0.18 is a multicast address, not a peer")]
    [InlineData("vrrp:web", "unicast_source", "2001:db8::11", "2001:db8::11 is IPv6 but this instance's virtual_ip are IPv4")]
    [InlineData("vrrp:web", "announce_count", "101", "out of range: announce_count must be 0-100")]
    [InlineData("vrrp:web", "announce_interval", "5ms", "out of range: announce_interval must be 10ms-10s")]
    [InlineData("vrrp:web", "interface", "eth9", "unknown interface: eth9 is no [interface:eth9] section")]
    [InlineData("vrrp:web", "interface", "eht0", "unknown interface: eht0 is no [interface:eht0] section; did you mean 'eth0'?")]
    [InlineData("vrrp:web", "interface", "", "required: the interface this instance runs on, e.g. eth0")]
    [InlineData("vrrp:web:track", "nginx", "drop", "a tracked object takes fault or a signed number -254..254 (added to the priority while it is down)")]
    [InlineData("vrrp:web:track", "eth0", "-255", "a tracked object takes fault or a signed number -254..254 (added to the priority while it is down)")]
    [InlineData("vrrp:web:track", "eth1", "-20", "unknown tracked object: eth1 is no [check:eth1] or [interface:eth1] section; track nginx, a [check:NAME] or an interface")]
    [InlineData("vrrp:web:track", "nginks", "fault", "unknown tracked object: nginks is no [check:nginks] or [interface:nginks] section; track nginx, a [check:NAME] or an interface (did you mean 'nginx'?)")]
    [InlineData("nginx", "enabled", "yep", "not a boolean: write true or false (yes/no, on/off, 1/0 also work)")]
    [InlineData("nginx", "binary", "nginx", "not an absolute path: it must start with '/'")]
    [InlineData("nginx", "config", "/etc/nginx/nginx.conf ; main", "a path with spaces is not accepted here (a ';' or '#' after a value is part of the value: put comments on their own line)")]
    [InlineData("nginx", "health_url", "https://127.0.0.1/", "not an absolute http:// URL, e.g. http://127.0.0.1/ (the probe speaks plain HTTP: point it at a plain-HTTP location such as http://127.0.0.1/health)")]
    [InlineData("nginx", "health_url", "127.0.0.1/health", "not an absolute http:// URL, e.g. http://127.0.0.1/")]
    [InlineData("nginx", "health_interval", "0", "out of range: health_interval must be 10ms-60s")]
    [InlineData("nginx", "health_failures", "0", "out of range: health_failures must be 1-100")]
    [InlineData("nginx", "restart_backoff_initial", "60s", "restart_backoff_initial is above restart_backoff_max (30s)")]
    [InlineData("nginx", "restart_backoff_max", "2h", "hours are not accepted: durations take ms or s: 1s, 100ms (1 hour = 3600s)")]
    [InlineData("nginx", "recovery", "restart", "must be restart-first or resign: did you mean 'restart-first'?")]
    [InlineData("nginx", "recovery", "failover", "must be restart-first or resign")]
    [InlineData("nginx", "recovery_grace", "10m", "minutes are not accepted: durations take ms or s: 1s, 100ms (5 minutes = 300s)")]
    [InlineData("nginx", "recovery_grace", "601s", "out of range: recovery_grace must be 0s-600s")]
    [InlineData("nginx", "stop_timeout", "50ms", "out of range: stop_timeout must be 100ms-600s")]
    [InlineData("nginx", "reload_timeout", "11m", "minutes are not accepted: durations take ms or s: 1s, 100ms (5 minutes = 300s)")]
    [InlineData("nginx", "start_timeout", "601s", "out of range: start_timeout must be 100ms-600s")]
    [InlineData("hooks", "on_master", "scripts/notify.sh master", "'scripts/notify.sh' is a relative path: hooks run from /, so give the program's absolute path, e.g. /usr/local/bin/notify-master")]
    [InlineData("hooks", "timeout", "50ms", "out of range: timeout must be 100ms-600s")]
    [InlineData("log", "level", "info", "unknown level: use verbose, debug, information, warning, error, fatal: did you mean 'information'?")]
    [InlineData("log", "level", "loud", "unknown level: use verbose, debug, information, warning, error, fatal")]
    [InlineData("log", "syslog", "dev/log", "not an absolute path: it must start with '/'")]
    [InlineData("log", "remote", "192.0.2.50:514", "missing udp:// or tcp://: write udp://host:port or tcp://host:port, e.g. udp://192.0.2.50:514 or tcp://[2001:db8::50]:514")]
    [InlineData("log", "remote", "tls://192.0.2.50:6514", "'tls://' is not a syslog transport: use udp:// (RFC 5426) or tcp:// (RFC 6587)")]
    [InlineData("log", "facility", "local8", "unknown facility: use kern, user, mail, daemon, auth, syslog, lpr, news, uucp, cron, authpriv, ftp, ntp, audit, alert, clock or local0 to local7: did you mean 'local0'?")]
    [InlineData("log", "facility", "3", "unknown facility")]
    [InlineData("log", "remote", "udp://192.0.2.50", "missing port (syslog is usually 514)")]
    [InlineData("log", "remote", "udp://192.0.2.50:70000", "port '70000' is not 1-65535")]
    [InlineData("log", "remote", "udp://2001:db8::50:514", "IPv6 addresses go in brackets")]
    [InlineData("log", "remote", "udp://log host:514", "'log host' is not an address or host name")]
    public void A_bad_value_is_an_error_naming_section_key_and_reason(string section, string key, string value, string message)
    {
        var result = Ini.Load(Ini.With(section, key, value));
        var error = Ini.Single(result, message);
        Assert.Equal(ConfigSeverity.Error, error.Severity);
        Assert.Equal(section, error.Section);
        Assert.Equal(key, error.Key);
        Assert.Null(result.Config);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Line);
        Assert.Contains(key, ConfigDocument.Parse(Ini.With(section, key, value)).ToString().Split('\n')[error.Line!.Value - 1], StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("interface:eth0", "gateway", "198.51.100.1", "198.51.100.1 is outside every IPv4 subnet of eth0 (192.0.2.11/24): it is unreachable as a gateway")]
    [InlineData("vrrp:web", "virtual_ip", "198.51.100.10/24", "198.51.100.10 is outside every subnet of eth0 (192.0.2.11/24): clients on that link reach it only through a route")]
    [InlineData("vrrp:web", "virtual_ip", "192.0.2.11/24", "192.0.2.11 is this box's own address on eth0: RFC 9568 gives the address owner priority 255; as backup this box would remove its own address")]
    [InlineData("vrrp:web", "announce_count", "0", "no gratuitous ARP / neighbour advertisement on takeover")]
    [InlineData("vrrp:web", "unicast_source", "192.0.2.11", "has no effect without unicast_peer")]
    [InlineData("vrrp:web:track", "nginx", "0", "weight 0 has no effect: write fault to resign, or a negative number to lower the priority")]
    [InlineData("vrrp:web:track", "nginx", "20", "a positive weight raises the priority while nginx is DOWN (keepalived adds positive weights while a check succeeds): you probably want -20")]
    [InlineData("nginx", "health_timeout", "1s", "not shorter than health_interval (1s): a slow probe is still running when the next one is due")]
    [InlineData("system", "modules", "macvlan, macvlan", "macvlan is listed twice")]
    [InlineData("hooks", "on_master", "/usr/local/bin/notify ; master", "contains ';' or '#' after a space: that is part of the value, not a comment")]
    public void A_doubtful_value_is_a_warning_that_does_not_stop_loading(string section, string key, string value, string message)
    {
        var result = Ini.Load(Ini.With(section, key, value));
        var warning = Ini.Single(result, message);
        Assert.Equal(ConfigSeverity.Warning, warning.Severity);
        Assert.Equal(section, warning.Section);
        Assert.Equal(key, warning.Key);
        Assert.False(result.HasErrors, result.Format());
        Assert.NotNull(result.Config);
    }

    [Theory]
    [InlineData("500ms", "v2 with a sub-second interval: VRRPv2 counts advert_interval in whole seconds (1s-255s); set version = 3 for sub-second adverts")]
    [InlineData("1500ms", "not whole seconds: VRRPv2 counts advert_interval in whole seconds (1s-255s)")]
    [InlineData("256s", "out of range: advert_interval must be 1s-255s for version 2")]
    public void Version_2_needs_whole_seconds(string interval, string message)
    {
        var text = Ini.With(Ini.Base, ("vrrp:web", "version", "2"), ("vrrp:web", "advert_interval", interval));
        var error = Ini.Single(Ini.Load(text), message);
        Assert.Equal(("vrrp:web", "advert_interval", interval), (error.Section, error.Key, error.Value));
    }

    [Fact]
    public void Version_2_with_an_ipv6_address_is_an_error()
    {
        var text = Ini.With(Ini.Base, ("vrrp:web", "version", "2"), ("vrrp:web", "virtual_ip", "2001:db8::10/64"));
        var error = Ini.Single(Ini.Load(text), "VRRPv2 carries IPv4 only (RFC 3768): set version = 3 for IPv6");
        Assert.Equal("virtual_ip", error.Key);
    }

    [Fact]
    public void Preempt_delay_without_preempt_is_a_warning()
    {
        var text = Ini.With(Ini.Base, ("vrrp:web", "preempt", "false"), ("vrrp:web", "preempt_delay", "5s"));
        var warning = Ini.Single(Ini.Load(text), "has no effect with preempt = false");
        Assert.Equal((ConfigSeverity.Warning, "preempt_delay"), (warning.Severity, warning.Key));
    }

    [Fact]
    public void Checksum_switch_on_a_v2_instance_is_a_warning()
    {
        var text = Ini.With(Ini.Base, ("vrrp:web", "version", "2"), ("vrrp:web", "v3_checksum_as_v2", "true"));
        var warning = Ini.Single(Ini.Load(text), "has no effect: it changes only the VRRPv3 checksum over IPv4");
        Assert.Equal(ConfigSeverity.Warning, warning.Severity);
    }

    [Fact]
    public void Unicast_source_not_on_the_interface_is_a_warning()
    {
        var text = Ini.With(Ini.Base, ("vrrp:web", "unicast_peer", "192.0.2.12"), ("vrrp:web", "unicast_source", "192.0.2.99"));
        var warning = Ini.Single(Ini.Load(text), "192.0.2.99 is not one of eth0's addresses (192.0.2.11/24, 2001:db8::11/64)");
        Assert.Equal(ConfigSeverity.Warning, warning.Severity);
    }

    [Fact]
    public void Tracking_nginx_while_it_is_disabled_is_a_warning()
    {
        var warning = Ini.Single(Ini.Load(Ini.With("nginx", "enabled", "false")), "nginx is tracked but [nginx] enabled = false");
        Assert.Equal(("vrrp:web:track", "nginx"), (warning.Section, warning.Key));
    }

    [Fact]
    public void Recovery_grace_with_resign_is_a_warning()
    {
        var text = Ini.With(Ini.Base, ("nginx", "recovery", "resign"), ("nginx", "recovery_grace", "5s"));
        Assert.Equal(ConfigSeverity.Warning, Ini.Single(Ini.Load(text), "has no effect with recovery = resign").Severity);
    }

    [Fact]
    public void A_declared_interface_missing_from_the_kernel_is_a_warning()
    {
        var warning = Ini.Single(Ini.Load(Ini.Base, "lo", "eth1"), "interface eth0 does not exist on this box (links: lo, eth1)");
        Assert.Equal(("interface:eth0", ConfigSeverity.Warning), (warning.Section, warning.Severity));
    }

    [Fact]
    public void An_unknown_interface_with_kernel_links_known_says_so()
    {
        var error = Ini.Single(Ini.Load(Ini.With("vrrp:web", "interface", "eth7"), "lo", "eth0"), "unknown interface: eth7 is neither an [interface:NAME] section nor a link of this box");
        Assert.Equal("interface", error.Key);
    }

    [Fact]
    public void The_console_password_is_never_echoed_in_a_diagnostic()
    {
        var error = Ini.Single(Ini.Load(Ini.With("system", "console_password", "hunter2")), "not a password hash");
        Assert.Equal("(hidden)", error.Value);
        Assert.DoesNotContain("hunter2", error.ToString());
    }
}
