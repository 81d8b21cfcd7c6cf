using Appliance.Control;

namespace Appliance.Supervisor.Tests.Control;

/// <summary>What an operator reads in <c>appliance status</c> about hostile inputs: dropped output, the accept filter.</summary>
public sealed class StatusTextTests
{
    private static StatusReport Report(long dropped, long nginxDropped, string? acceptFilter) => new()
    {
        Hostname = "edge-a",
        UptimeS = 5,
        Version = "test",
        Vrrp =
        [
            new VrrpStatus
            {
                Name = "web", Vrid = 51, Interface = "eth0", Version = 3, State = "master", Priority = 150, EffectivePriority = 150,
                Counters = new VrrpCounters(), AcceptFilter = acceptFilter,
            },
        ],
        Services = [new ServiceStatus { Name = "nginx", State = "running", Healthy = true, OutputLinesDropped = nginxDropped }],
        ChildOutputLinesDropped = dropped,
    };

    [Fact]
    public void Dropped_child_output_is_shown_under_nginx_and_in_total()
    {
        var text = StatusText.Format(Report(12345, 12000, null));
        Assert.Contains("           output: 12000 lines dropped (rate limit)\n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("children's output: 12345 lines dropped (rate limit)\n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_dropped_and_accept_true_add_no_line()
    {
        var text = StatusText.Format(Report(0, 0, null));
        Assert.DoesNotContain("dropped (rate limit)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("accept", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_accept_filter_is_shown_under_its_instance()
    {
        var text = StatusText.Format(Report(0, 0, "accept false: only tcp 80 reaches the VIP (in force)"));
        Assert.Contains("           accept false: only tcp 80 reaches the VIP (in force)\n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }
}
