using Serilog.Events;

namespace Appliance.Logging.Tests;

public sealed class SettingsParsingTests
{
    [Theory]
    [InlineData("udp://192.0.2.5:514", "192.0.2.5", 514)]
    [InlineData("udp://192.0.2.5", "192.0.2.5", 514)]
    [InlineData("UDP://logs.example.net:5514", "logs.example.net", 5514)]
    [InlineData("udp://[2001:db8::5]:1514", "2001:db8::5", 1514)]
    [InlineData("udp://[2001:db8::5]", "2001:db8::5", 514)]
    [InlineData(" udp://collector:1 ", "collector", 1)]
    public void Remote_parses(string text, string host, int port)
    {
        Assert.True(SyslogRemote.TryParse(text, out var remote, out var reason), reason);
        Assert.Equal(host, remote.Host);
        Assert.Equal(port, remote.Port);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("tcp://192.0.2.5:514", "only UDP")]
    [InlineData("192.0.2.5:514", "udp://")]
    [InlineData("udp://2001:db8::5:514", "brackets")]
    [InlineData("udp://[2001:db8::5:514", "closing")]
    [InlineData("udp://[192.0.2.5]:514", "not an IPv6")]
    [InlineData("udp://host:0", "port")]
    [InlineData("udp://host:65536", "port")]
    [InlineData("udp://host:", "port")]
    [InlineData("udp://host:51x", "port")]
    [InlineData("udp://ho st:514", "neither")]
    [InlineData("udp://host/path", "neither")]
    [InlineData("udp://-host:514", "neither")]
    public void Remote_rejects_with_a_reason(string text, string reasonPart)
    {
        Assert.False(SyslogRemote.TryParse(text, out _, out var reason));
        Assert.Contains(reasonPart, reason);
    }

    [Fact]
    public void Remote_prints_back_as_it_parses()
    {
        Assert.Equal("udp://[2001:db8::5]:514", new SyslogRemote("2001:db8::5").ToString());
        Assert.Equal("udp://192.0.2.5:1514", new SyslogRemote("192.0.2.5", 1514).ToString());
    }

    [Theory]
    [InlineData("verbose", LogEventLevel.Verbose)]
    [InlineData("debug", LogEventLevel.Debug)]
    [InlineData("Information", LogEventLevel.Information)]
    [InlineData(" warning ", LogEventLevel.Warning)]
    [InlineData("error", LogEventLevel.Error)]
    [InlineData("FATAL", LogEventLevel.Fatal)]
    public void Level_names_parse_and_print(string text, LogEventLevel level)
    {
        Assert.True(LogLevelNames.TryParse(text, out var parsed, out _));
        Assert.Equal(level, parsed);
        Assert.Equal(text.Trim().ToLowerInvariant(), LogLevelNames.Format(level));
    }

    [Theory]
    [InlineData("info")]
    [InlineData("warn")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_level_names_are_refused_with_the_expected_list(string? text)
    {
        Assert.False(LogLevelNames.TryParse(text, out _, out var reason));
        Assert.Contains(LogLevelNames.Expected, reason);
    }
}
