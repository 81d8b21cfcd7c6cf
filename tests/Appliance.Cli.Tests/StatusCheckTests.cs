using Appliance.Control;

namespace Appliance.Cli.Tests;

/// <summary><c>appliance status --check</c>: the verdict a monitoring plugin reads, and its exit codes.</summary>
public sealed class StatusCheckTests
{
    private static VrrpStatus Instance(string name, string state, params string[] trackedDown) => new()
    {
        Name = name,
        Vrid = 51,
        Interface = "eth0",
        Version = 3,
        State = state,
        Priority = 150,
        EffectivePriority = 150,
        Counters = new VrrpCounters(),
        TrackedDown = trackedDown,
    };

    private static ServiceStatus Nginx(string state, bool healthy, string? detail = null) =>
        new() { Name = "nginx", State = state, Healthy = healthy, Detail = detail };

    private static StatusReport Report(IReadOnlyList<VrrpStatus> vrrp, IReadOnlyList<ServiceStatus> services) =>
        new() { Hostname = "b1", UptimeS = 5, Version = "test", Vrrp = vrrp, Services = services };

    [Fact]
    public void Master_and_backup_with_a_healthy_nginx_are_healthy()
    {
        var (healthy, line) = StatusCheck.Evaluate(Report([Instance("web4", "master"), Instance("web6", "backup")], [Nginx("running", true)]));

        Assert.True(healthy);
        Assert.Equal("OK: web4 master, web6 backup, nginx healthy", line);
    }

    [Fact]
    public void An_instance_in_fault_is_named_with_what_is_down()
    {
        var (healthy, line) = StatusCheck.Evaluate(Report([Instance("web", "fault", "nginx"), Instance("db", "backup")], [Nginx("backing-off", false, "next start in 400 ms")]));

        Assert.False(healthy);
        Assert.Equal("NOT OK: vrrp web is fault (tracked down: nginx); nginx is backing-off, not healthy (next start in 400 ms)", line);
    }

    [Fact]
    public void Safe_mode_and_a_refused_file_are_not_healthy_even_without_instances()
    {
        var safe = Report([], []) with { SafeMode = "no configuration could be used" };
        var refused = Report([Instance("web", "master")], []) with { ConfigRejected = "line 3: bad priority" };

        Assert.Equal((false, "NOT OK: safe mode: no configuration could be used"), StatusCheck.Evaluate(safe));
        Assert.False(StatusCheck.Evaluate(refused).Healthy);
        Assert.Contains("line 3: bad priority", StatusCheck.Evaluate(refused).Line);
    }

    [Fact]
    public void A_check_that_is_down_is_named_with_its_last_result()
    {
        var check = new CheckStatus { Name = "backend", Type = "http", Target = "http://127.0.0.1:8080/", State = "down", LastResult = "connection refused" };
        var up = check with { State = "up", LastResult = "ok: status 200" };

        Assert.Equal((false, "NOT OK: check backend is down (connection refused)"), StatusCheck.Evaluate(Report([Instance("web", "backup")], []) with { Checks = [check] }));
        Assert.Equal((true, "OK: web backup, check backend up"), StatusCheck.Evaluate(Report([Instance("web", "backup")], []) with { Checks = [up] }));
    }

    [Fact]
    public void A_disabled_service_is_not_a_problem()
    {
        Assert.True(StatusCheck.Evaluate(Report([Instance("web", "backup")], [Nginx("disabled", false)])).Healthy);
    }

    [Fact]
    public void With_no_supervisor_the_check_exits_2_with_one_line()
    {
        var result = NativeBinary.Run("status", "--check", "--socket", Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.sock"));

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("UNKNOWN: ", result.Output);
        Assert.Single(result.Output.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Json_and_check_together_are_a_usage_error()
    {
        var result = NativeBinary.Run("status", "--check", "--json", "--socket", "/nonexistent.sock");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--json and --check", result.Errors);
    }
}
