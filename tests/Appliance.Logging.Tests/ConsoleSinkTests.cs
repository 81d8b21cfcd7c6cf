using System.Diagnostics;
using System.Text.RegularExpressions;
using Appliance.Logging.Sinks;
using Appliance.Logging.Tests.Support;
using Serilog.Events;
using Xunit.Abstractions;

namespace Appliance.Logging.Tests;

public sealed partial class ConsoleSinkTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("applog-console-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Console_lines_are_compact_and_filtered_by_the_console_level()
    {
        string device = Path.Combine(_directory, "console");
        File.WriteAllText(device, "");
        var (logger, handles) = ApplianceLogging.Create(new LogSettings
        {
            SyslogPath = null,
            Console = true,
            ConsoleDevice = device,
            ConsoleLevel = LogEventLevel.Information,
            Level = LogEventLevel.Debug,
        });
        using (handles)
        {
            logger.Debug("chatter the serial line does not need");
            logger.ForContext("SourceContext", "Appliance.Vrrp.VirtualRouter")
                .Information("{Instance} {From} -> {To}: {Reason}", "web", "backup", "master", "master down timer expired");
            logger.Warning(new IOException("disk full"), "cannot write {Path}", "/var/lib/x");
            WaitUntil(() => handles.Console.Sent == 2);
            // The debug line still reaches the ring.
            Assert.Contains(handles.Ring.Tail(10), l => l.Level == LogEventLevel.Debug);
        }
        var lines = File.ReadAllText(device).Split('\n');
        Assert.Matches(LinePattern("INF VirtualRouter: web backup -> master: master down timer expired"), lines[0]);
        Assert.Matches(LinePattern("WRN cannot write /var/lib/x"), lines[1]);
        Assert.Equal("System.IO.IOException: disk full", lines[2]);
        Assert.Equal("", lines[3]);
        Assert.Equal(4, lines.Length);
    }

    [Fact]
    public void A_console_nobody_reads_never_blocks_the_caller()
    {
        string fifo = Path.Combine(_directory, "fifo");
        Assert.Equal(0, TestLibc.mkfifo(fifo, 0x180));
        // A reader that never reads: the 64 KiB pipe fills and the sink's write() blocks, as on a serial line in XOFF.
        int reader = TestLibc.open(fifo, TestLibc.O_RDONLY | TestLibc.O_NONBLOCK);
        Assert.True(reader >= 0);
        try
        {
            var (logger, handles) = ApplianceLogging.Create(
                new LogSettings { SyslogPath = null, Console = true, ConsoleDevice = fifo, QueueCapacity = 128 },
                new SinkTiming { FlushTimeout = TimeSpan.FromMilliseconds(300) });
            var burst = Stopwatch.StartNew();
            for (int i = 0; i < 200_000; i++)
            {
                logger.Information("line {Index} padded to look like a real log line of some length", i);
            }
            burst.Stop();
            output.WriteLine($"console blocked: 200k events in {burst.Elapsed.TotalMilliseconds:F1} ms; {handles.Console}");
            // A caller that waited for the blocked write would never get here (nobody ever reads the fifo); the bound
            // only has to tell "finished" from "stuck", on a machine as loaded as it may be (about 0.3 s when idle).
            Assert.True(burst.Elapsed < TimeSpan.FromSeconds(20), $"200k events took {burst.ElapsedMilliseconds} ms");
            Assert.True(handles.Console.Dropped > 190_000, handles.Console.ToString());

            var shutdown = Stopwatch.StartNew();
            handles.Dispose();
            output.WriteLine($"shutdown with a blocked console: {shutdown.Elapsed.TotalMilliseconds:F0} ms");
            // The flush deadline (300 ms) and the join's second of grace, plus room for a loaded machine: not stuck.
            Assert.True(shutdown.Elapsed < TimeSpan.FromSeconds(5), $"shutdown took {shutdown.ElapsedMilliseconds} ms");
        }
        finally
        {
            // The reader's close turns the blocked write into EPIPE and lets the abandoned sender thread end.
            TestLibc.close(reader);
        }
    }

    private static Regex LinePattern(string rest) => new($@"^\d{{2}}:\d{{2}}:\d{{2}}\.\d{{3}} {Regex.Escape(rest)}$");

    private static void WaitUntil(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "timed out");
            Thread.Sleep(10);
        }
    }
}
