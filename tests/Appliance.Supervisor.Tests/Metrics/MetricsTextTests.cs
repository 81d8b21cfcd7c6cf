using Appliance.Control;

namespace Appliance.Supervisor.Tests.Metrics;

public sealed class MetricsTextTests
{
    private static readonly StatusReport Report = new()
    {
        Hostname = "b1",
        UptimeS = 42,
        Version = "1.2.3",
        Vrrp =
        [
            new VrrpStatus
            {
                Name = "web",
                Vrid = 51,
                Interface = "eth0",
                Version = 3,
                State = "master",
                Priority = 150,
                EffectivePriority = 120,
                Transitions = 3,
                LastTransition = new TransitionStatus("backup", "master", "master down timer expired", 1.5) { At = "2026-12-02T08:00:00.250Z" },
                Counters = new VrrpCounters
                {
                    Sent = 100,
                    Received = 7,
                    BecameMaster = 2,
                    Dropped = new Dictionary<string, long> { ["bad checksum"] = 4, ["ttl \"not\" 255"] = 1 },
                },
                TrackedDown = ["eth1"],
            },
        ],
        Services = [new ServiceStatus { Name = "nginx", State = "running", Healthy = true, Restarts = 1 }],
        Checks = [new CheckStatus { Name = "db", Type = "tcp", Target = "192.0.2.50:5432", State = "down", Failures = 3, TimedOut = 1 }],
        Anycast = [new AnycastStatus { Name = "web", Prefixes = ["203.0.113.10/32"], Announced = true, Reason = "nginx is up", Transitions = 3 }],
        Bgp = [new BgpStatus { Neighbor = "192.0.2.1", State = "Established", Bfd = true }, new BgpStatus { Neighbor = "2001:db8::1", State = "Active", Bfd = true }],
        ChildOutputLinesDropped = 12,
        Hooks = new HookCounters(5, 1, 0, 0),
        LogSinks = [new LogSinkStatus("console", 900, 3, 897, 0)],
    };

    private static readonly string Text = MetricsText.Render(Report);

    [Theory]
    [InlineData("appliance_info{version=\"1.2.3\",hostname=\"b1\"} 1")]
    [InlineData("appliance_uptime_seconds 42")]
    [InlineData("appliance_vrrp_state{instance=\"web\",state=\"master\"} 1")]
    [InlineData("appliance_vrrp_state{instance=\"web\",state=\"backup\"} 0")]
    [InlineData("appliance_vrrp_priority{instance=\"web\"} 150")]
    [InlineData("appliance_vrrp_effective_priority{instance=\"web\"} 120")]
    [InlineData("appliance_vrrp_transitions_total{instance=\"web\"} 3")]
    [InlineData("appliance_vrrp_adverts_sent_total{instance=\"web\"} 100")]
    [InlineData("appliance_vrrp_adverts_received_total{instance=\"web\"} 7")]
    [InlineData("appliance_vrrp_adverts_dropped_total{instance=\"web\",reason=\"bad checksum\"} 4")]
    [InlineData("appliance_vrrp_adverts_dropped_total{instance=\"web\",reason=\"ttl \\\"not\\\" 255\"} 1")]
    [InlineData("appliance_vrrp_last_transition_timestamp_seconds{instance=\"web\"} 1796198400.25")]
    [InlineData("appliance_vrrp_tracked_down{instance=\"web\",tracked=\"eth1\"} 1")]
    [InlineData("appliance_service_up{service=\"nginx\"} 1")]
    [InlineData("appliance_service_restarts_total{service=\"nginx\"} 1")]
    [InlineData("appliance_hook_failures_total 1")]
    [InlineData("appliance_check_up{check=\"db\",type=\"tcp\"} 0")]
    [InlineData("appliance_anycast_announced{group=\"web\"} 1")]
    [InlineData("appliance_anycast_transitions_total{group=\"web\"} 3")]
    [InlineData("appliance_bgp_session_established{neighbor=\"192.0.2.1\"} 1")]
    [InlineData("appliance_bgp_session_established{neighbor=\"2001:db8::1\"} 0")]
    [InlineData("appliance_check_failures_total{check=\"db\"} 3")]
    [InlineData("appliance_check_timeouts_total{check=\"db\"} 1")]
    [InlineData("appliance_child_output_lines_dropped_total 12")]
    [InlineData("appliance_log_lines_dropped_total{sink=\"console\"} 3")]
    public void Every_figure_of_the_status_is_a_sample(string line)
    {
        Assert.Contains("\n" + line + "\n", Text);
    }

    [Fact]
    public void Each_family_is_declared_once_before_its_samples()
    {
        var lines = Text.TrimEnd('\n').Split('\n');
        var declared = new HashSet<string>();
        foreach (var line in lines)
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                Assert.True(declared.Add(line.Split(' ')[2]), line);
            }
            else if (!line.StartsWith('#'))
            {
                var name = line.Split('{', ' ')[0];
                Assert.Contains(name, declared);
                Assert.StartsWith("appliance_", name);
            }
        }

        Assert.All(declared.Where(d => Text.Contains($"# TYPE {d} counter", StringComparison.Ordinal)), d => Assert.EndsWith("_total", d));
    }
}
