namespace Appliance.Config.Tests.Validation;

/// <summary>Line-level problems: what the Ini provider would reject or silently misread, each with its line.</summary>
public sealed class StructureValidationTests
{
    [Fact]
    public void Unknown_key_suggests_the_nearest_known_key()
    {
        var result = Ini.Load(Ini.Base.Replace("priority = 150", "priorty = 150"));
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("appliance.ini:12: [vrrp:web] priorty = 150: unknown key: did you mean 'priority'?", error.ToString());
        Assert.Equal(("vrrp:web", "priorty", 12), (error.Section, error.Key, error.Line));
    }

    [Fact]
    public void Unknown_section_suggests_the_nearest_known_section()
    {
        var error = Ini.Single(Ini.Load(Ini.Base.Replace("[vrrp:web]", "[vrpp:web]")), "unknown section");
        Assert.Equal("unknown section: did you mean [vrrp:web]?", error.Message);
        Assert.Equal(("vrpp:web", (string?)null, 9), (error.Section, error.Key, error.Line));
    }

    [Theory]
    [InlineData("[vrrp:web:trak]", "unknown section: did you mean [vrrp:web:track]?")]
    [InlineData("[systen]", "unknown section: did you mean [system]?")]
    [InlineData("[interfaces:eth1]", "unknown section: did you mean [interface:eth1]?")]
    [InlineData("[firewall]", "unknown section: the sections are [system], [interface:NAME], [vrrp:NAME], [vrrp:NAME:track], [check:NAME], [group:NAME], [nginx], [hooks], [log], [metrics], [bgp], [anycast:NAME]")]
    [InlineData("[vrrp]", "missing instance name: write [vrrp:NAME], e.g. [vrrp:web]")]
    [InlineData("[interface]", "missing interface name: write [interface:NAME], e.g. [interface:eth0]")]
    [InlineData("[nginx:main]", "[nginx] takes no name: write [nginx]")]
    [InlineData("[vrrp : api]", "spaces around ':' in a section name: write [vrrp:api]")]
    [InlineData("[interface:eth0/1]", "bad interface name 'eth0/1': interface names use letters, digits, '.', '_' and '-'")]
    [InlineData("[interface:averyveryverylongname]", "bad interface name 'averyveryverylongname': interface names are 1-15 characters")]
    [InlineData("[vrrp:my web]", "bad instance name 'my web': instance names start with a letter or digit and use letters, digits, '.', '_' and '-'")]
    [InlineData("[vrrp:web:track:x]", "unknown section: an instance has [vrrp:web] and [vrrp:web:track]")]
    public void Section_names_are_checked_with_a_precise_reason(string header, string message)
    {
        var text = Ini.Base + "\n" + header + "\nkey = value\n";
        var error = Ini.Single(Ini.Load(text), message);
        Assert.Equal(ConfigSeverity.Error, error.Severity);
        Assert.Equal(18, error.Line);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Keys_under_an_unknown_section_are_not_reported_again()
    {
        var result = Ini.Load(Ini.Base + "\n[vrpp:api]\nvrid = 1\npriorty = 5\n");
        Assert.Single(result.Diagnostics);
    }

    [Theory]
    [InlineData("virtual_router_id", "unknown key: keepalived's virtual_router_id is vrid here")]
    [InlineData("advert_int", "unknown key: keepalived's advert_int is advert_interval here (with a unit: 1s)")]
    [InlineData("nopreempt", "unknown key: keepalived's nopreempt is preempt = false here")]
    [InlineData("state", "unknown key: there is no start state: every instance starts as backup and the priorities elect the master")]
    [InlineData("auth_pass", "unknown key: VRRP authentication does not exist in VRRPv3 and is not supported")]
    [InlineData("hostname", "unknown key: hostname belongs in [system], not [vrrp:NAME]")]
    [InlineData("frobnicate", "unknown key: [vrrp:NAME] knows interface, vrid, priority, version, advert_interval, virtual_ip, preempt, preempt_delay, accept, unicast_peer, unicast_source, virtual_mac, announce_count, announce_interval, garp_refresh, v3_checksum_as_v2, notify, notify_master, notify_backup, notify_fault, notify_stop")]
    public void Unknown_keys_say_what_was_probably_meant(string key, string message)
    {
        var error = Ini.Single(Ini.Load(Ini.Base.Replace("priority = 150", key + " = 150")), "unknown key");
        Assert.Equal((message, "vrrp:web", key), (error.Message, error.Section, error.Key));
    }

    [Fact]
    public void Duplicate_keys_name_the_first_line()
    {
        var error = Ini.Single(Ini.Load(Ini.Base.Replace("priority = 150", "priority = 150\npriority = 200")), "duplicate key");
        Assert.Equal("appliance.ini:13: [vrrp:web] priority = 200: duplicate key: priority is already set on line 12; keep one", error.ToString());
    }

    [Fact]
    public void Duplicate_keys_differing_in_case_are_duplicates()
    {
        var error = Ini.Single(Ini.Load(Ini.Base.Replace("priority = 150", "priority = 150\nPriority = 200")), "duplicate key");
        Assert.Equal(13, error.Line);
    }

    [Fact]
    public void Duplicate_sections_name_the_first_line()
    {
        var error = Ini.Single(Ini.Load(Ini.Base + "\n[VRRP:WEB]\npreempt = false\n"), "duplicate section");
        Assert.Equal("appliance.ini:18: [VRRP:WEB]: duplicate section: [VRRP:WEB] already starts on line 9; write each section once", error.ToString());
    }

    [Theory]
    [InlineData("priority 150", "no '=' on this line: a line is [section], key = value, or a comment starting with ';'")]
    [InlineData("[vrrp:api", "unterminated section header: missing ']'")]
    [InlineData("[vrrp:api] ; backup instance", "text after ']': a comment must be on its own line")]
    [InlineData("[]", "empty section name")]
    [InlineData("[vrrp:[api]]", "brackets inside a section name")]
    [InlineData("= 150", "missing key name before '='")]
    [InlineData("track:nginx = fault", "':' in key name 'track:nginx': sections nest with ':', keys cannot")]
    [InlineData("priority = 1\u000750", "control character U+0007 at column 13")]
    [InlineData("priority = 1\uFFFD", "bytes that are not valid UTF-8 at column 13")]
    public void Malformed_lines_are_reported_with_their_line_number(string line, string message)
    {
        var text = Ini.Base.Replace("priority = 150", line);
        var error = Ini.Single(Ini.Load(text), message);
        Assert.Equal((12, ConfigSeverity.Error, (string?)null), (error.Line, error.Severity, error.Key));
    }

    [Fact]
    public void An_overlong_line_is_reported()
    {
        var text = Ini.Base.Replace("priority = 150", "; " + new string('x', 5000));
        var error = Ini.Single(Ini.Load(text), "line is longer than 4096 characters (5002)");
        Assert.Equal(12, error.Line);
    }

    [Fact]
    public void Keys_after_a_broken_section_header_are_not_blamed_on_the_section_before()
    {
        var text = "[system]\nhostname = a\n[vrrp:web\ninterface = eth0\nvrid = 5\n";
        var result = Ini.Load(text);
        var error = Assert.Single(result.Errors);
        Assert.Equal((3, "unterminated section header: missing ']'"), (error.Line, error.Message));
    }

    [Fact]
    public void A_key_before_any_section_says_where_it_belongs()
    {
        var error = Ini.Single(Ini.Load("hostname = edge-a\n" + Ini.Base), "key outside any section");
        Assert.Equal("appliance.ini:1: hostname = edge-a: key outside any section: put it under [system]", error.ToString());
    }

    [Fact]
    public void A_track_section_without_its_instance_is_an_error()
    {
        var error = Ini.Single(Ini.Load(Ini.Base + "\n[vrrp:api:track]\nnginx = fault\n"), "track section without its instance");
        Assert.Equal(("vrrp:api:track", 18), (error.Section, error.Line));
    }

    [Fact]
    public void A_bad_tracked_object_name_is_reported_on_its_line()
    {
        var error = Ini.Single(Ini.Load(Ini.Base.Replace("nginx = fault", "eth 1 = fault")), "not a trackable object");
        Assert.Equal(16, error.Line);
    }

    [Fact]
    public void Duplicate_vrids_on_one_link_and_family_are_an_error()
    {
        var text = Ini.Base + "\n[vrrp:api]\ninterface = eth0\nvrid = 51\nvirtual_ip = 192.0.2.20/24\n";
        var error = Ini.Single(Ini.Load(text), "vrid 51 is already used on eth0 for IPv4 by [vrrp:web]; each instance on a link needs its own vrid");
        Assert.Equal(("vrrp:api", "vrid", 20), (error.Section, error.Key, error.Line));
    }

    [Fact]
    public void A_virtual_address_in_two_instances_is_an_error()
    {
        var text = Ini.Base + "\n[vrrp:api]\ninterface = eth0\nvrid = 52\nvirtual_ip = 192.0.2.10/24\n";
        var error = Ini.Single(Ini.Load(text), "192.0.2.10 is also a virtual_ip of [vrrp:web]");
        Assert.Equal(("vrrp:api", "virtual_ip"), (error.Section, error.Key));
    }

    [Fact]
    public void An_address_on_two_interfaces_is_an_error()
    {
        var text = Ini.Base + "\n[interface:eth1]\naddress = 192.0.2.11/24\n";
        var error = Ini.Single(Ini.Load(text), "192.0.2.11 is also an address of [interface:eth0]");
        Assert.Equal(("interface:eth1", "address", 19), (error.Section, error.Key, error.Line));
    }

    [Fact]
    public void A_vip_in_another_interface_subnet_suggests_that_interface()
    {
        var text = Ini.With(Ini.Base + "\n[interface:eth1]\naddress = 198.51.100.11/24\n", ("vrrp:web", "virtual_ip", "198.51.100.10/24"));
        var warning = Ini.Single(Ini.Load(text), "it lies in a subnet of eth1: should interface be eth1?");
        Assert.Equal(ConfigSeverity.Warning, warning.Severity);
    }

    [Fact]
    public void Missing_required_keys_are_reported_on_the_section_header()
    {
        var result = Ini.Load("[vrrp:web]\npriority = 100\n");
        Assert.Equal(
            ["required: the interface this instance runs on, e.g. eth0", "required: the virtual router id, 1-255, the same on both boxes", "required: one or more virtual addresses, e.g. 192.0.2.10/24"],
            result.Errors.Select(e => e.Message));
        Assert.All(result.Errors, e => Assert.Equal(1, e.Line));
    }

    [Fact]
    public void Every_problem_is_reported_in_one_pass_in_line_order()
    {
        var text = """
            [system]
            hostname = -bad-
            shel = true

            [interface:eth0]
            address = 192.0.2.11

            [vrrp:web]
            interface = eth0
            vrid = 300
            priority = 0
            advert_interval = 1
            virtual_ip = 192.0.2.10/24, 2001:db8::10

            [vrrp:web:track]
            nginx = maybe

            [log]
            level = loud
            """;
        var result = Ini.Load(text);
        Assert.Equal([2, 3, 6, 10, 11, 12, 13, 16, 19], result.Diagnostics.Select(d => d.Line!.Value));
        Assert.True(result.Diagnostics.All(d => d.IsError));
        Assert.Null(result.Config);
    }

    [Fact]
    public void Diagnostics_format_with_the_given_file_name()
    {
        var result = Ini.Load(Ini.With("vrrp:web", "priority", "300"));
        Assert.Equal(
            "/etc/appliance/appliance.ini:12: [vrrp:web] priority = 300: out of range: priority must be 1-254 (255 only for the address owner)",
            result.Format("/etc/appliance/appliance.ini"));
    }

    [Fact]
    public void Warnings_are_marked_in_their_text()
    {
        var result = Ini.Load(Ini.With("nginx", "health_timeout", "1s"));
        Assert.Contains(": warning: not shorter than health_interval", result.Format(), StringComparison.Ordinal);
    }
}
