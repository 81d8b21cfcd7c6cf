using System.Net;

namespace Appliance.Config.Tests.Validation;

/// <summary><c>[metrics] listen</c>: where Prometheus scrapes.</summary>
public sealed class MetricsSectionTests
{
    [Fact]
    public void Without_the_section_there_is_no_endpoint()
    {
        Assert.Null(Ini.Valid(Ini.Base).Metrics.Listen);
        Assert.Null(Ini.Valid(Ini.With("metrics", "listen", "")).Metrics.Listen);
    }

    [Theory]
    [InlineData("127.0.0.1:9165", "127.0.0.1", 9165)]
    [InlineData("[::1]:9165", "::1", 9165)]
    [InlineData("192.0.2.11:9100", "192.0.2.11", 9100)]
    [InlineData("*:9165", "0.0.0.0", 9165)]
    public void An_address_and_port_is_an_endpoint(string value, string address, int port)
    {
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), Ini.Valid(Ini.With("metrics", "listen", value)).Metrics.Listen);
    }

    [Theory]
    [InlineData("9165", "has no address: write the address to serve on, e.g. 127.0.0.1:9165")]
    [InlineData("localhost:9165", "names are not resolved here")]
    [InlineData("127.0.0.1", "has no port: write it as 127.0.0.1:9165")]
    [InlineData("127.0.0.1:0", "the port must be 1-65535")]
    public void A_bad_listen_is_refused_with_its_reason(string value, string reason)
    {
        var result = Ini.Load(Ini.With("metrics", "listen", value));

        Assert.Contains(result.Diagnostics, d => d.Key == "listen" && d.Message.Contains(reason, StringComparison.Ordinal));
    }
}
