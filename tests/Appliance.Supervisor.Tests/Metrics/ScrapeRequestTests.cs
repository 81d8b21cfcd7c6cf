using System.Text;
using Appliance.Supervisor.Metrics;
using CsCheck;

namespace Appliance.Supervisor.Tests.Metrics;

public sealed class ScrapeRequestTests
{
    private static ScrapeRequest.Outcome Parse(string text, out string method, out string target) =>
        ScrapeRequest.Parse(Encoding.ASCII.GetBytes(text), out method, out target, out _);

    [Fact]
    public void A_prometheus_scrape_is_a_request_for_metrics()
    {
        var outcome = Parse("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:9165\r\nAccept: text/plain;version=0.0.4\r\n\r\n", out var method, out var target);

        Assert.Equal(ScrapeRequest.Outcome.Request, outcome);
        Assert.Equal(("GET", "/metrics"), (method, target));
    }

    [Fact]
    public void A_head_that_has_not_ended_needs_more_bytes()
    {
        Assert.Equal(ScrapeRequest.Outcome.Incomplete, Parse("GET /metrics HTTP/1.1\r\nHost: x\r\n", out _, out _));
    }

    [Theory]
    [InlineData("GET /metrics\r\n\r\n")]
    [InlineData("GET  /metrics HTTP/1.1\r\n\r\n")]
    [InlineData("GET /metrics HTTP/2\r\n\r\n")]
    [InlineData("\u0001GET /metrics HTTP/1.1\r\n\r\n")]
    public void What_is_not_an_http_1_request_line_is_bad(string text)
    {
        Assert.Equal(ScrapeRequest.Outcome.Bad, Parse(text, out _, out _));
    }

    [Fact]
    public void A_head_at_the_bound_without_an_end_is_bad_not_incomplete()
    {
        var text = "GET /metrics HTTP/1.1\r\nX: " + new string('a', ScrapeRequest.MaxHeadBytes);
        var bytes = Encoding.ASCII.GetBytes(text)[..ScrapeRequest.MaxHeadBytes];

        Assert.Equal(ScrapeRequest.Outcome.Bad, ScrapeRequest.Parse(bytes, out _, out _, out var problem));
        Assert.Contains("longer than 4096", problem);
    }

    [Theory]
    [InlineData("GET", "/metrics", "HTTP/1.1 200 OK", true)]
    [InlineData("GET", "/metrics?name[]=x", "HTTP/1.1 200 OK", true)]
    [InlineData("HEAD", "/metrics", "HTTP/1.1 200 OK", false)]
    [InlineData("GET", "/", "HTTP/1.1 404 Not Found", false)]
    [InlineData("POST", "/metrics", "HTTP/1.1 405 Method Not Allowed", false)]
    public void Only_get_and_head_of_metrics_carry_the_figures(string method, string target, string statusLine, bool body)
    {
        var answer = Encoding.UTF8.GetString(ScrapeRequest.Answer(method, target, () => "appliance_up 1\n"));

        Assert.StartsWith(statusLine + "\r\n", answer);
        Assert.Contains("Connection: close\r\n", answer);
        Assert.Equal(body, answer.EndsWith("\r\n\r\nappliance_up 1\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Any_bytes_give_one_of_the_three_outcomes_without_throwing()
    {
        Gen.Byte.Array[0, ScrapeRequest.MaxHeadBytes + 10].Sample(bytes =>
        {
            var outcome = ScrapeRequest.Parse(bytes, out _, out _, out var problem);
            Assert.True(outcome != ScrapeRequest.Outcome.Bad || problem is not null);
        });
    }
}
