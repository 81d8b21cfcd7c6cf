using Serilog.Events;

namespace Appliance.Logging.Tests;

public sealed class SettingsParsingTests
{
    [Fact]
    public void Remote_prints_back_as_it_parses()
    {
        Assert.Equal("udp://[2001:db8::5]:514", new SyslogRemote("2001:db8::5", 514).ToString());
        Assert.Equal("udp://192.0.2.5:1514", new SyslogRemote("192.0.2.5", 1514).ToString());
        Assert.Equal("tcp://192.0.2.5:6514", new SyslogRemote("192.0.2.5", 6514, SyslogProtocol.Tcp).ToString());
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
