using System.Net;

namespace Appliance.Config;

internal static class MetricsSection
{
    public static MetricsOptions Read(RawMetrics raw, Findings findings)
    {
        var r = new SectionReader(findings, "metrics");
        var text = r.Text("listen", raw.Listen);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new MetricsOptions();
        }

        // The same address forms as [nginx] listen; a bare port would publish the figures on every address of the box.
        if (!NginxSection.TryParseListen(text.Trim(), out var listen, out var error, examplePort: 9165))
        {
            r.Error("listen", raw.Listen, error + Values.CommentHint(raw.Listen!));
            return new MetricsOptions();
        }

        if (!text.Contains(':', StringComparison.Ordinal))
        {
            r.Error("listen", raw.Listen, $"'{text.Trim()}' has no address: write the address to serve on, e.g. 127.0.0.1:{listen.Port} (loopback) or 192.0.2.11:{listen.Port} (the box's own address)");
            return new MetricsOptions();
        }

        return new MetricsOptions { Listen = new IPEndPoint(listen.Address, listen.Port) };
    }
}
