using Appliance.Lab;
using Appliance.Testing;
using Xunit.Abstractions;

namespace Appliance.Integration.Tests;

/// <summary>The <c>[metrics]</c> endpoint as Prometheus sees it: scraped over HTTP in the box's namespace, checked with promtool.</summary>
public sealed class MetricsTests(ITestOutputHelper output) : LabTest(output)
{
    private const string Endpoint = "http://127.0.0.1:9165/metrics";

    private static CmdResult Scrape(LabBox box, string url = Endpoint) =>
        box.Namespace.TryExec("curl", "-sS", "--max-time", "5", "-w", "\n%{http_code}", url);

    private static string Metrics(LabBox box)
    {
        var result = Scrape(box);
        Assert.True(result.ExitCode == 0, result.ToString());
        var text = result.StandardOutput.TrimEnd('\n');
        Assert.Equal("200", text[(text.LastIndexOf('\n') + 1)..]);
        return text[..(text.LastIndexOf('\n') + 1)];
    }

    private static double Sample(string metrics, string series)
    {
        var line = metrics.Split('\n').SingleOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"no sample {series} in:\n{metrics}");
        return double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void PromtoolAccepts(string metrics)
    {
        var check = Cmd.TryRunWithInput(metrics, TimeSpan.FromSeconds(30), "promtool", "check", "metrics");
        Assert.True(check.ExitCode == 0, $"promtool check metrics:\n{check}\n--- scraped ---\n{metrics}");
    }

    [RequiresToolFact("promtool")]
    public void A_scrape_during_a_failover_matches_status_and_passes_promtool()
    {
        var settings = new PairSettings { AdvertInterval = Fast };
        StartAppliance(B1, settings, 200, "[metrics]\nlisten = 127.0.0.1:9165");
        StartAppliance(B2, settings, 100, "[metrics]\nlisten = 127.0.0.1:9165");
        WaitForState(B1, "master", TimeSpan.FromSeconds(10));
        WaitForState(B2, "backup", TimeSpan.FromSeconds(5));

        var before = Metrics(B2);
        PromtoolAccepts(before);
        Assert.Equal(1, Sample(before, "appliance_vrrp_state{instance=\"web\",state=\"backup\"}"));
        Assert.Equal(0, Sample(before, "appliance_vrrp_state{instance=\"web\",state=\"master\"}"));
        Assert.Equal(100, Sample(before, "appliance_vrrp_priority{instance=\"web\"}"));
        Assert.True(Sample(before, "appliance_vrrp_adverts_received_total{instance=\"web\"}") > 0);

        Lab.CutLink(B1);
        WaitForState(B2, "master", TimeSpan.FromSeconds(5));
        var after = Metrics(B2);
        var status = B2.Status().Vrrp[0];
        PromtoolAccepts(after);
        Assert.Equal(1, Sample(after, "appliance_vrrp_state{instance=\"web\",state=\"master\"}"));
        Assert.Equal(status.Transitions, Sample(after, "appliance_vrrp_transitions_total{instance=\"web\"}"));
        Assert.Equal(status.Counters.BecameMaster, Sample(after, "appliance_vrrp_became_master_total{instance=\"web\"}"));
        Assert.Equal(1, status.Counters.BecameMaster);
        // Sent keeps counting between the two reads; the scrape came first, so it cannot be ahead of status.
        Assert.InRange(Sample(after, "appliance_vrrp_adverts_sent_total{instance=\"web\"}"), 1, status.Counters.Sent);
        var transitionAt = Sample(after, "appliance_vrrp_last_transition_timestamp_seconds{instance=\"web\"}");
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0 - transitionAt, 0, 30);
    }

    [RequiresToolFact("curl")]
    public void The_endpoint_answers_only_metrics_and_moves_or_stops_live()
    {
        StartAppliance(B1, new PairSettings(), 200, "[metrics]\nlisten = 127.0.0.1:9165");
        WaitForState(B1, "master", TimeSpan.FromSeconds(10));

        Assert.EndsWith("\n404", Scrape(B1, "http://127.0.0.1:9165/").StandardOutput.TrimEnd('\n'));
        var post = B1.Namespace.TryExec("curl", "-sS", "-X", "POST", "-o", "/dev/null", "-w", "%{http_code}", Endpoint);
        Assert.Equal("405", post.StandardOutput.Trim());

        // Another address, live: the old one is closed, the new one serves.
        var moved = Cmd.TryRun(TimeSpan.FromSeconds(60), Lab.ApplianceBinary, "config", "set", "metrics:listen=127.0.0.1:9166", "--socket", B1.ControlSocket);
        Assert.True(moved.ExitCode == 0, moved.ToString());
        Assert.NotEqual(0, Scrape(B1).ExitCode);
        Assert.Contains("appliance_info{", Scrape(B1, "http://127.0.0.1:9166/metrics").StandardOutput);

        var off = Cmd.TryRun(TimeSpan.FromSeconds(60), Lab.ApplianceBinary, "config", "set", "metrics:listen=", "--socket", B1.ControlSocket);
        Assert.True(off.ExitCode == 0, off.ToString());
        Assert.NotEqual(0, Scrape(B1, "http://127.0.0.1:9166/metrics").ExitCode);
        Assert.Equal("master", B1.VrrpState());
    }
}
