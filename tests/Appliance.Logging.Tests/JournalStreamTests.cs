using System.Text;
using Appliance.Logging.Sinks;
using Appliance.Logging.Tests.Support;
using Serilog.Events;

namespace Appliance.Logging.Tests;

/// <summary>Console lines under systemd: JOURNAL_STREAM recognised, "&lt;N&gt;" priorities on every line.</summary>
public sealed class JournalStreamTests
{
    [Theory]
    [InlineData("8:123456", "socket:[123456]", true)]
    [InlineData("8:123456", "socket:[123457]", false)]
    [InlineData("8:123456", "pipe:[123456]", false)]
    [InlineData("8:123456", "/dev/ttyS0", false)]
    [InlineData(null, "socket:[123456]", false)]
    [InlineData("", "socket:[123456]", false)]
    [InlineData("123456", "socket:[123456]", false)]
    [InlineData("8:x", "socket:[123456]", false)]
    [InlineData("8:123456", "socket:[]", false)]
    public void Standard_error_is_the_journal_only_when_its_socket_is_the_one_systemd_named(string? variable, string target, bool journal) =>
        Assert.Equal(journal, JournalStream.Matches(variable, target));

    [Theory]
    [InlineData(LogEventLevel.Debug, "<7>")]
    [InlineData(LogEventLevel.Information, "<6>")]
    [InlineData(LogEventLevel.Warning, "<4>")]
    [InlineData(LogEventLevel.Error, "<3>")]
    [InlineData(LogEventLevel.Fatal, "<2>")]
    public void For_the_journal_every_line_of_an_event_starts_with_its_priority(LogEventLevel level, string prefix)
    {
        var logEvent = Events.Create("cannot write {Path}", [("Path", "/data/x")], level, exception: new IOException("disk\nfull"));
        var buffer = new byte[4096];
        int length = new ConsoleLineFormatter(priorityPrefix: true).Encode(logEvent, buffer);

        var lines = Encoding.UTF8.GetString(buffer, 0, length).TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.All(lines, line => Assert.StartsWith(prefix, line));
        Assert.EndsWith("cannot write /data/x", lines[0]);
    }

    [Fact]
    public void Without_the_journal_lines_carry_no_priority()
    {
        var buffer = new byte[4096];
        int length = new ConsoleLineFormatter().Encode(Events.StateChange(), buffer);
        Assert.Matches(@"^\d\d:\d\d:\d\d\.\d{3} INF ", Encoding.UTF8.GetString(buffer, 0, length));
    }
}
