namespace Appliance.Config.Tests.Validation;

/// <summary>[check:NAME] health checks and their tracking in [vrrp:NAME:track].</summary>
public sealed class CheckSectionTests
{
    private const string WithCheck = Ini.Base + """

        [check:backend]
        type = http
        target = http://127.0.0.1:8080/health
        interval = 1s
        timeout = 500ms
        rise = 2
        fall = 3

        """;

    [Fact]
    public void An_http_check_tracked_with_a_weight_is_read_whole()
    {
        var config = Ini.Valid(Ini.With(WithCheck, ("vrrp:web:track", "backend", "-30")));
        var check = Assert.Single(config.Checks);
        Assert.Equal(("backend", CheckType.Http, "http://127.0.0.1:8080/health"), (check.Name, check.Type, check.Url!.ToString()));
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500), 2, 3), (check.Interval, check.Timeout, check.Rise, check.Fall));
        Assert.Contains(new TrackSpec("backend", TrackAction.Weight, -30), config.Vrrp[0].Track);
    }

    [Fact]
    public void Tcp_and_exec_checks_have_their_endpoint_and_program_and_the_default_timeout_is_half_the_interval()
    {
        var text = Ini.Base + """

            [check:db]
            type = tcp
            target = [2001:db8::5]:5432
            interval = 2s

            [check:script]
            type = exec
            target = /usr/local/bin/check-db  --quick   -v

            [vrrp:web:track]
            db = fault
            script = -20

            """;
        var config = Ini.Valid(text.Replace("[vrrp:web:track]\nnginx = fault\n", "", StringComparison.Ordinal));
        var db = config.FindCheck("db")!;
        Assert.Equal(("[2001:db8::5]:5432", TimeSpan.FromSeconds(1), 1, 1), (db.Endpoint!.ToString(), db.Timeout, db.Rise, db.Fall));
        Assert.Equal(["/usr/local/bin/check-db", "--quick", "-v"], config.FindCheck("script")!.Program);
        Assert.Equal([new TrackSpec("db", TrackAction.Fault, 0), new TrackSpec("script", TrackAction.Weight, -20)], config.Vrrp[0].Track);
    }

    [Theory]
    [InlineData("type", "https", "unknown check type 'https': write http, tcp or exec (no TLS")]
    [InlineData("type", "htp", "unknown check type 'htp': write http, tcp or exec (did you mean 'http'?)")]
    [InlineData("type", "", "required: http, tcp or exec")]
    [InlineData("target", "", "required: the URL to GET")]
    [InlineData("target", "https://127.0.0.1/", "not an absolute http:// URL, e.g. http://127.0.0.1:8080/health (the probe speaks plain HTTP)")]
    [InlineData("target", "http://backend.example/health", "'backend.example' is a name: a check connects to an IP address")]
    [InlineData("timeout", "1s", "timeout 1s is not less than interval 1s: a probe must end before the next one starts")]
    [InlineData("timeout", "2s", "timeout 2s is not less than interval 1s")]
    [InlineData("rise", "0", "out of range: rise must be 1-100")]
    [InlineData("fall", "many", "not a whole number")]
    [InlineData("interval", "5ms", "out of range: interval must be 10ms-3600s")]
    public void A_bad_check_key_has_its_own_message(string key, string value, string message)
    {
        var error = Ini.Single(Ini.Load(Ini.With("check:backend", key, value, WithCheck)), message);
        Assert.Equal((ConfigSeverity.Error, "check:backend", key), (error.Severity, error.Section, error.Key));
    }

    [Theory]
    [InlineData("tcp", "127.0.0.1", "missing port: write ADDRESS:PORT")]
    [InlineData("tcp", "2001:db8::5:5432", "missing port (an IPv6 address goes in brackets)")]
    [InlineData("tcp", "127.0.0.1:0", "port '0' is not 1-65535")]
    [InlineData("tcp", "db.example:5432", "'db.example' is not an IP address")]
    [InlineData("tcp", "[192.0.2.5]:5432", "'192.0.2.5' is not an IP address")]
    [InlineData("exec", "check-db", "'check-db' is not an absolute path: programs run from / without a search path")]
    [InlineData("exec", "/usr/bin/pgrep nginx | wc -l", "'|' would need a shell: the program runs without one")]
    [InlineData("exec", "/usr/bin/test -f \"/run/x\"", "'\"' would need a shell")]
    public void A_bad_target_says_what_its_type_takes(string type, string target, string message)
    {
        var text = Ini.With(WithCheck, ("check:backend", "type", type), ("check:backend", "target", target));
        var error = Ini.Single(Ini.Load(text), message);
        Assert.Equal(("check:backend", "target"), (error.Section, error.Key));
    }

    [Fact]
    public void A_track_entry_naming_no_check_and_no_interface_is_an_error_with_a_suggestion()
    {
        var error = Ini.Single(Ini.Load(Ini.With(WithCheck, ("vrrp:web:track", "backnd", "-30"))), "unknown tracked object: backnd");
        Assert.Contains("track nginx, a [check:NAME] or an interface (did you mean 'backend'?)", error.Message, StringComparison.Ordinal);
        Assert.Equal(("vrrp:web:track", "backnd"), (error.Section, error.Key));
    }

    [Fact]
    public void A_long_check_name_can_be_tracked_although_it_is_no_interface_name()
    {
        var text = WithCheck.Replace("[check:backend]", "[check:database-primary-replica]", StringComparison.Ordinal);
        var config = Ini.Valid(Ini.With(text, ("vrrp:web:track", "database-primary-replica", "fault")));
        Assert.Equal("database-primary-replica", config.Vrrp[0].Track[^1].ObjectName);
    }

    [Theory]
    [InlineData("[check:nginx]", "a check cannot be called nginx")]
    [InlineData("[check:eth0]", "eth0 is also an interface: a tracked eth0 would be ambiguous")]
    public void A_check_cannot_take_the_name_of_another_tracked_object(string header, string message)
    {
        var error = Ini.Single(Ini.Load(WithCheck.Replace("[check:backend]", header, StringComparison.Ordinal)), message);
        Assert.Equal(ConfigSeverity.Error, error.Severity);
    }

    [Theory]
    [InlineData("[check]", "missing check name: write [check:NAME], e.g. [check:backend]")]
    [InlineData("[check:a:b]", "a check section is [check:NAME]")]
    [InlineData("[check:-x]", "bad check name '-x': check names start with a letter or digit")]
    [InlineData("[chek:backend]", "unknown section: did you mean [check:backend]?")]
    public void A_bad_check_section_name_is_explained(string header, string message) =>
        Ini.Single(Ini.Load(WithCheck.Replace("[check:backend]", header, StringComparison.Ordinal)), message);

    [Fact]
    public void An_unknown_key_in_a_check_is_refused()
    {
        var error = Ini.Single(Ini.Load(Ini.With("check:backend", "weight", "-30", WithCheck)), "the weight is set where the check is tracked, in [vrrp:NAME:track]: CHECK = -30");
        Assert.Equal((ConfigSeverity.Error, "check:backend", "weight"), (error.Severity, error.Section, error.Key));
    }
}

/// <summary>keepalived-style notify programs of an instance.</summary>
public sealed class NotifyKeyTests
{
    [Fact]
    public void Notify_programs_are_split_into_path_and_arguments()
    {
        var text = Ini.With(Ini.Base, ("vrrp:web", "notify", "/etc/appliance/notify.sh  site-a"), ("vrrp:web", "notify_fault", "/usr/local/bin/page-oncall"));
        var notify = Ini.Valid(text).Vrrp[0].Notify;
        Assert.Equal(["/etc/appliance/notify.sh", "site-a"], notify.Any);
        Assert.Equal(["/usr/local/bin/page-oncall"], notify.Fault);
        Assert.Empty(notify.Master);
    }

    [Theory]
    [InlineData("notify", "notify.sh", "'notify.sh' is not an absolute path")]
    [InlineData("notify_master", "/bin/sh -c 'systemctl start x'", "''' would need a shell")]
    [InlineData("notify_stop", "/usr/bin/logger $STATE", "'$' would need a shell")]
    public void A_notify_program_runs_without_a_shell_and_says_so(string key, string value, string message)
    {
        var error = Ini.Single(Ini.Load(Ini.With("vrrp:web", key, value)), message);
        Assert.Equal(("vrrp:web", key), (error.Section, error.Key));
    }
}
