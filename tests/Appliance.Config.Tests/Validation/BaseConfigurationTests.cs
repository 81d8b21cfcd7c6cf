using System.Net;
using System.Net.Sockets;

namespace Appliance.Config.Tests.Validation;

public sealed class BaseConfigurationTests
{
    [Fact]
    public void The_test_base_is_valid_without_warnings()
    {
        var result = Ini.Load(Ini.Base);
        Assert.Empty(result.Diagnostics);
        Assert.NotNull(result.Config);
    }

    [Fact]
    public void Unset_keys_take_the_documented_defaults()
    {
        var config = Ini.Valid(Ini.Base);
        var web = Assert.Single(config.Vrrp);
        Assert.Equal("web", web.Name);
        Assert.Equal("eth0", web.Interface);
        Assert.Equal(51, web.Vrid);
        Assert.Equal(150, web.Priority);
        Assert.Equal(3, web.Version);
        Assert.Equal(TimeSpan.FromSeconds(1), web.AdvertInterval);
        Assert.Equal(AddressFamily.InterNetwork, web.Family);
        Assert.True(web.Preempt);
        Assert.Equal(TimeSpan.Zero, web.PreemptDelay);
        Assert.True(web.Accept); // the box serves its web address: not the RFC's False (configuration.md, "Accept mode")
        Assert.Empty(web.UnicastPeers);
        Assert.Null(web.UnicastSource);
        Assert.False(web.VirtualMac);
        Assert.Equal(3, web.AnnounceCount);
        Assert.Equal(TimeSpan.FromMilliseconds(100), web.AnnounceInterval);
        Assert.False(web.V3ChecksumAsV2);
        Assert.False(web.AddressOwner);
        Assert.Equal([new TrackSpec("nginx", TrackAction.Fault, 0)], web.Track);

        Assert.Equal("/run/appliance", config.System.StateDir);
        Assert.Equal("ttyS0", config.System.Console);
        Assert.Null(config.System.ConsolePassword);
        Assert.Empty(config.System.Modules);
        Assert.False(config.System.Shell);

        Assert.True(config.Nginx.Enabled);
        Assert.Equal("/usr/sbin/nginx", config.Nginx.Binary);
        Assert.Equal("/etc/nginx/nginx.conf", config.Nginx.Config);
        Assert.Equal(new Uri("http://127.0.0.1/"), config.Nginx.HealthUrl);
        Assert.Equal(TimeSpan.FromSeconds(1), config.Nginx.HealthInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(150), config.Nginx.HealthTimeout);
        Assert.Equal(2, config.Nginx.HealthFailures);
        Assert.Equal(TimeSpan.FromMilliseconds(100), config.Nginx.RestartBackoffInitial);
        Assert.Equal(TimeSpan.FromSeconds(30), config.Nginx.RestartBackoffMax);
        Assert.Equal(NginxRecovery.RestartFirst, config.Nginx.Recovery);
        Assert.Null(config.Nginx.RecoveryGrace);
        Assert.Equal(TimeSpan.FromSeconds(5), config.Nginx.StopTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), config.Nginx.ReloadTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), config.Nginx.StartTimeout);

        Assert.Null(config.Hooks.OnMaster);
        Assert.Equal(TimeSpan.FromSeconds(5), config.Hooks.Timeout);
        Assert.Equal(ApplianceLogLevel.Information, config.Log.Level);
        Assert.Equal("/dev/log", config.Log.Syslog);
        Assert.Null(config.Log.Remote);
        Assert.Equal(3, config.Log.Facility); // daemon
    }

    [Fact]
    public void Interface_addresses_may_mix_families()
    {
        var eth0 = Assert.Single(Ini.Valid(Ini.Base).Interfaces);
        Assert.Equal("eth0", eth0.Name);
        Assert.Equal(
            [new InterfaceAddress(IPAddress.Parse("192.0.2.11"), 24), new InterfaceAddress(IPAddress.Parse("2001:db8::11"), 64)],
            eth0.Addresses);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), eth0.Gateway);
        Assert.True(eth0.Manage);
    }

    [Fact]
    public void The_contract_example_of_CONFIG_md_loads_cleanly_when_its_interfaces_exist()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "config-contract-example.ini"));
        var result = Ini.Load(text, "lo", "eth0", "eth1");

        // The example writes accept = false with nginx and no [nginx] listen: since accept is enforced, that drops the
        // web on the virtual address, and the one warning says so (configuration.md, "Accept mode").
        var warning = Assert.Single(result.Diagnostics);
        Assert.False(warning.IsError);
        Assert.Contains("accept = false drops every packet to the virtual addresses, nginx's too", warning.Format(null), StringComparison.Ordinal);
        var web = Assert.Single(result.Config!.Vrrp);
        Assert.Equal([new TrackSpec("nginx", TrackAction.Fault, 0), new TrackSpec("eth1", TrackAction.Weight, -20)], web.Track);
    }

    [Fact]
    public void Factory_defaults_validate_without_errors_or_warnings()
    {
        var result = Ini.Load(FactoryDefaults.Text);
        Assert.Empty(result.Diagnostics);
        var config = result.Config!;
        Assert.Equal("appliance", config.System.Hostname);
        var eth0 = Assert.Single(config.Interfaces);
        Assert.True(eth0.Manage);
        var web = Assert.Single(config.Vrrp);
        Assert.Equal("web", web.Name);
        Assert.Equal("192.0.2.10/24", Assert.Single(web.VirtualIps).ToString());
        Assert.True(web.Accept);
        Assert.True(config.Nginx.Enabled);
    }

    [Fact]
    public void Quoted_values_lose_their_quotes_as_in_the_ini_provider()
    {
        var config = Ini.Valid(Ini.Base.Replace("hostname = edge-a", "hostname = \"edge-b\""));
        Assert.Equal("edge-b", config.System.Hostname);
    }

    [Fact]
    public void Section_and_key_names_are_case_insensitive()
    {
        var text = Ini.Base.Replace("[vrrp:web]", "[VRRP:Web]").Replace("priority = 150", "PRIORITY = 200");
        var config = Ini.Valid(text);
        Assert.Equal(200, config.Vrrp[0].Priority);
        Assert.Equal("Web", config.Vrrp[0].Name);
    }

    [Theory]
    [InlineData("; semicolon comment")]
    [InlineData("# hash comment")]
    [InlineData("/ slash comment")]
    [InlineData("   ; indented comment")]
    public void Lines_starting_with_semicolon_hash_or_slash_are_comments(string comment)
    {
        var result = Ini.Load(Ini.Base.Replace("vrid = 51", comment + "\nvrid = 51"));
        Assert.Empty(result.Diagnostics);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("Yes", true)]
    [InlineData("on", true)]
    [InlineData("1", true)]
    [InlineData("FALSE", false)]
    [InlineData("no", false)]
    [InlineData("off", false)]
    [InlineData("0", false)]
    public void Booleans_accept_true_false_yes_no_on_off_1_0(string text, bool expected)
    {
        var config = Ini.Valid(Ini.With("vrrp:web", "accept", text));
        Assert.Equal(expected, config.Vrrp[0].Accept);
    }

    [Theory]
    [InlineData("100ms", 100)]
    [InlineData("1s", 1000)]
    [InlineData("1.5s", 1500)]
    [InlineData("40.95s", 40950)]
    [InlineData("10ms", 10)]
    [InlineData("2 s", 2000)]
    public void Durations_take_ms_or_s(string text, int milliseconds)
    {
        var config = Ini.Valid(Ini.With("vrrp:web", "advert_interval", text));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), config.Vrrp[0].AdvertInterval);
    }

    [Fact]
    public void A_virtual_ip_without_prefix_is_a_host_address()
    {
        var config = Ini.Valid(Ini.With("vrrp:web", "virtual_ip", "192.0.2.10, 192.0.2.20/24"));
        Assert.Equal(["192.0.2.10/32", "192.0.2.20/24"], config.Vrrp[0].VirtualIps.Select(v => v.ToString()));
    }

    [Fact]
    public void An_ipv6_instance_has_the_ipv6_family()
    {
        var config = Ini.Valid(Ini.With("vrrp:web", "virtual_ip", "2001:db8::10/64, fe80::10"));
        Assert.Equal(AddressFamily.InterNetworkV6, config.Vrrp[0].Family);
    }

    [Fact]
    public void Lists_are_comma_separated_with_optional_spaces()
    {
        var text = Ini.With(Ini.Base, ("vrrp:web", "unicast_peer", "192.0.2.12,192.0.2.13 , 192.0.2.14"), ("system", "modules", "virtio_net, macvlan"));
        var config = Ini.Valid(text);
        Assert.Equal(["192.0.2.12", "192.0.2.13", "192.0.2.14"], config.Vrrp[0].UnicastPeers.Select(p => p.ToString()));
        Assert.Equal(["virtio_net", "macvlan"], config.System.Modules);
    }

    [Fact]
    public void The_address_owner_at_priority_255_is_valid_and_marked()
    {
        var text = Ini.With(Ini.Base, ("vrrp:web", "virtual_ip", "192.0.2.11/24"), ("vrrp:web", "priority", "255"));
        var web = Ini.Valid(text).Vrrp[0];
        Assert.True(web.AddressOwner);
        Assert.Equal(255, web.Priority);
    }

    [Fact]
    public void Log_remote_is_parsed_into_host_and_port()
    {
        Assert.Equal(new LogRemote("192.0.2.50", 514), Ini.Valid(Ini.With("log", "remote", "udp://192.0.2.50:514")).Log.Remote);
        Assert.Equal(new LogRemote("2001:db8::50", 1514), Ini.Valid(Ini.With("log", "remote", "udp://[2001:db8::50]:1514")).Log.Remote);
        Assert.Equal(new LogRemote("logs.example.net", 514), Ini.Valid(Ini.With("log", "remote", "UDP://Logs.Example.NET:514")).Log.Remote);
        Assert.Equal(new LogRemote("192.0.2.50", 6514, RemoteProtocol.Tcp), Ini.Valid(Ini.With("log", "remote", "tcp://192.0.2.50:6514")).Log.Remote);
        Assert.Equal("tcp://[2001:db8::50]:601", Ini.Valid(Ini.With("log", "remote", "TCP://[2001:db8::50]:601")).Log.Remote!.ToString());
    }

    [Theory]
    [InlineData("verbose", ApplianceLogLevel.Verbose)]
    [InlineData("debug", ApplianceLogLevel.Debug)]
    [InlineData("information", ApplianceLogLevel.Information)]
    [InlineData("Warning", ApplianceLogLevel.Warning)]
    [InlineData("error", ApplianceLogLevel.Error)]
    [InlineData("fatal", ApplianceLogLevel.Fatal)]
    public void Log_levels_are_the_six_serilog_levels(string text, ApplianceLogLevel level) =>
        Assert.Equal(level, Ini.Valid(Ini.With("log", "level", text)).Log.Level);

    [Fact]
    public void Empty_strings_disable_what_they_document()
    {
        var text = Ini.With(Ini.Base, ("system", "console", ""), ("log", "syslog", ""), ("nginx", "health_url", ""), ("nginx", "recovery_grace", ""));
        var config = Ini.Valid(text);
        Assert.Null(config.System.Console);
        Assert.Null(config.Log.Syslog);
        Assert.Null(config.Nginx.HealthUrl);
        Assert.Null(config.Nginx.RecoveryGrace);
    }

    [Fact]
    public void A_console_given_as_a_dev_path_is_stored_as_its_name() =>
        Assert.Equal("ttyAMA0", Ini.Valid(Ini.With("system", "console", "/dev/ttyAMA0")).System.Console);

    [Fact]
    public void Interfaces_known_to_the_kernel_need_no_section()
    {
        var text = Ini.With(Ini.Base, ("vrrp:web:track", "eth1", "-20"), ("vrrp:web", "interface", "eth0"));
        Assert.True(Ini.Load(text).HasErrors);
        var web = Ini.Valid(text, "eth0", "eth1").Vrrp[0];
        Assert.Contains(new TrackSpec("eth1", TrackAction.Weight, -20), web.Track);
    }

    [Fact]
    public void The_same_vrid_may_serve_ipv4_and_ipv6_on_one_link()
    {
        var text = Ini.Base + "\n[vrrp:web6]\ninterface = eth0\nvrid = 51\nvirtual_ip = 2001:db8::10/64\n";
        Assert.Equal(2, Ini.Valid(text).Vrrp.Count);
    }

    [Fact]
    public void Null_or_empty_text_loads_defaults_with_a_warning()
    {
        var result = ApplianceConfigLoader.Load(null!);
        Assert.False(result.HasErrors);
        Assert.Contains("no [vrrp:NAME] section", Assert.Single(result.Diagnostics).Message);
        Assert.Equal(new ApplianceConfig(), result.Config);
    }
}
