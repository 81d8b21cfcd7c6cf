using System.Diagnostics;
using System.Globalization;
using Appliance.Logging.Sinks;
using Appliance.Logging.Tests.Support;
using Xunit.Abstractions;
using Serilog;

namespace Appliance.Logging.Tests;

/// <summary>The unix socket sink against a real rsyslogd, including its restarts.</summary>
public sealed class RsyslogTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(15);

    // A caller that waited for the stalled sink would not finish at all; the bound only tells "finished" from
    // "stuck" on a machine as loaded as it may be (a few hundred ms when idle).
    private static readonly TimeSpan BurstBound = TimeSpan.FromSeconds(20);

    private static readonly SinkTiming FastTiming = new()
    {
        ReconnectInitial = TimeSpan.FromMilliseconds(50),
        ReconnectMax = TimeSpan.FromMilliseconds(500),
    };

    private readonly RsyslogDaemon _rsyslog = new();
    private LoggingHandles? _handles;

    public void Dispose()
    {
        _handles?.Dispose();
        _rsyslog.Dispose();
    }

    private ILogger Start(SinkTiming? timing = null, int capacity = 1024)
    {
        _rsyslog.Start();
        var (logger, handles) = ApplianceLogging.Create(
            new LogSettings
            {
                SyslogPath = _rsyslog.SocketPath,
                Console = false,
                Hostname = "edge-a",
                AppName = "appliance",
                Level = Serilog.Events.LogEventLevel.Debug,
                QueueCapacity = capacity,
            },
            timing ?? SinkTiming.Default);
        _handles = handles;
        return logger;
    }

    [Fact]
    public void Rsyslog_parses_the_header_the_structured_data_and_the_sentence()
    {
        var logger = Start();
        logger.ForContext("SourceContext", "Appliance.Vrrp.VirtualRouter")
            .ForContext("Vrid", 51)
            .Warning("{Instance} {From} -> {To}: {Reason}", "web", "backup", "master", "master down timer expired");
        var record = _rsyslog.WaitFor(r => r.MsgId == "VirtualRouter", Arrival, "the state change");
        var sent = _handles!.Ring.Tail(1)[0];

        Assert.Equal("28", record.Pri); // daemon.warning
        Assert.Equal("1", record.Version);
        Assert.Equal(TruncateToMicroseconds(sent.Timestamp), DateTimeOffset.Parse(record.Timestamp, CultureInfo.InvariantCulture));
        Assert.Equal("edge-a", record.Hostname);
        Assert.Equal("appliance", record.AppName);
        Assert.Equal(Environment.ProcessId.ToString(CultureInfo.InvariantCulture), record.ProcId);
        Assert.Equal("web backup -> master: master down timer expired", record.Msg);
        Assert.Equal(
            "[appliance@32473 Instance=\"web\" From=\"backup\" To=\"master\" Reason=\"master down timer expired\" Vrid=\"51\"]",
            record.StructuredData);
        Assert.Equal("master", record.Parameters["To"]);
        Assert.Equal("51", record.Parameters["Vrid"]);
    }

    [Fact]
    public void Escaped_values_non_ASCII_and_long_messages_arrive_as_sent()
    {
        var logger = Start();
        logger.Information("{Interface} übernimmt – Grund: {Reason}", "eth0", "a \"quoted\" \\ back]slash");
        logger.Information("long {Marker} " + new string('x', 20_000), "LONG");

        var accents = _rsyslog.WaitFor(r => r.Msg.Contains("übernimmt"), Arrival, "the non-ASCII message");
        // rsyslog keeps the RFC 5424 BOM at the start of MSG.
        Assert.Equal("\uFEFFeth0 übernimmt – Grund: a \"quoted\" \\ back]slash", accents.Msg);
        Assert.Equal("a \"quoted\" \\ back]slash", accents.Parameters["Reason"]);

        var longOne = _rsyslog.WaitFor(r => r.Msg.StartsWith("long LONG"), Arrival, "the long message");
        Assert.Equal("LONG", longOne.Parameters["Marker"]);
        int header = "<30>1 2025-01-02T03:04:05.123456Z edge-a appliance ".Length;
        Assert.InRange(longOne.Msg.Length, 8192 - header - 120, 8192 - header);
    }

    [Fact]
    public void After_rsyslog_is_killed_the_sink_holds_events_reconnects_and_a_burst_never_blocks()
    {
        var logger = Start(FastTiming);
        logger.Information("before {Marker}", "restart");
        _rsyslog.WaitFor(r => r.Msg == "before restart", Arrival, "the first message");

        // SIGKILL leaves the socket file behind: the sink sees ECONNREFUSED, then ENOTCONN.
        _rsyslog.Kill(RsyslogDaemon.SIGKILL);
        logger.Information("while {Marker}", "down");
        var syslog = _handles!.Syslog;
        WaitUntil(
            () => _handles.Ring.Tail(10).Any(l => l.Source == "LogSink" && l.Message.Contains("is unavailable")),
            "the sink reported the outage in the ring");
        Assert.False(syslog.IsConnected);
        var burst = Stopwatch.StartNew();
        for (int i = 0; i < 100_000; i++)
        {
            logger.Information("burst {Index}", i);
        }
        burst.Stop();
        Assert.True(burst.Elapsed < BurstBound, $"100k events took {burst.ElapsedMilliseconds} ms");
        output.WriteLine($"rsyslog killed: 100k events in {burst.Elapsed.TotalMilliseconds:F1} ms; {syslog}");
        Assert.InRange(syslog.Dropped, 100_000 - 1024, 100_000);

        _rsyslog.Start();
        // The queue is full of held events: let it drain, or the next event is dropped like the burst's.
        WaitUntil(() => syslog.Sent + syslog.Failed == syslog.Accepted, "the held events were sent");
        logger.Information("after {Marker}", "restart");
        _rsyslog.WaitFor(r => r.Msg == "after restart", Arrival, "the message logged after the restart");
        var records = _rsyslog.Records();
        Assert.Contains(records, r => r.Msg == "while down");
        Assert.Contains(records, r => r.Msg == "burst 0");
        var report = Assert.Single(records, r => r.MsgId == "LogSink" && r.Parameters.ContainsKey("Dropped"));
        Assert.Equal(syslog.Dropped.ToString(CultureInfo.InvariantCulture), report.Parameters["DroppedTotal"]);
        Assert.Contains(records, r => r.MsgId == "LogSink" && r.Msg.Contains("available again"));
        Assert.True(syslog.Outages >= 1);
        Assert.True(syslog.Opens >= 2);
    }

    [Fact]
    public void After_a_clean_stop_removes_the_socket_the_sink_reconnects()
    {
        var logger = Start(FastTiming);
        logger.Information("first");
        _rsyslog.WaitFor(r => r.Msg == "first", Arrival, "the first message");

        // SIGTERM: rsyslogd unlinks its socket, so reopening fails with ENOENT until it is back.
        _rsyslog.Kill(RsyslogDaemon.SIGTERM);
        Assert.False(File.Exists(_rsyslog.SocketPath));
        logger.Information("during the outage");
        WaitUntil(() => !_handles!.Syslog.IsConnected && _handles.Syslog.OpenFailures > 0, "reopen attempts fail");
        Assert.Contains("no socket at that path (ENOENT)", _handles!.Syslog.LastFailure);
        Thread.Sleep(300);
        _rsyslog.Start();
        logger.Information("after the outage");
        _rsyslog.WaitFor(r => r.Msg == "after the outage", Arrival, "the message after the restart");
        Assert.Contains(_rsyslog.Records(), r => r.Msg == "during the outage");
        // The outage began with the send that found the old socket closed.
        Assert.Contains(_handles.Ring.Tail(100), l => l.Source == "LogSink" && l.Message.Contains("ECONNREFUSED"));
    }

    [Fact]
    public void A_stopped_rsyslog_fills_the_socket_yet_callers_never_wait()
    {
        var logger = Start(FastTiming, capacity: 256);
        logger.Information("ready");
        _rsyslog.WaitFor(r => r.Msg == "ready", Arrival, "the first message");

        // SIGSTOP: the socket stays but nobody reads it; after net.unix.max_dgram_qlen datagrams send() blocks.
        _rsyslog.Signal(RsyslogDaemon.SIGSTOP);
        try
        {
            var burst = Stopwatch.StartNew();
            for (int i = 0; i < 100_000; i++)
            {
                logger.Information("burst {Index}", i);
            }
            burst.Stop();
            output.WriteLine($"rsyslog stopped: 100k events in {burst.Elapsed.TotalMilliseconds:F1} ms; {_handles!.Syslog}");
            Assert.True(burst.Elapsed < BurstBound, $"100k events took {burst.ElapsedMilliseconds} ms");
            Assert.True(_handles!.Syslog.Dropped > 99_000, $"dropped {_handles.Syslog.Dropped}");
        }
        finally
        {
            _rsyslog.Signal(RsyslogDaemon.SIGCONT);
        }
        var syslog = _handles!.Syslog;
        WaitUntil(() => syslog.Sent + syslog.Failed == syslog.Accepted, "the held events were sent");
        logger.Information("resumed");
        _rsyslog.WaitFor(r => r.Msg == "resumed", Arrival, "the message after SIGCONT");
    }

    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset time) => time.AddTicks(-(time.Ticks % 10));

    private static void WaitUntil(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException($"timed out waiting until {what}");
            }
            Thread.Sleep(20);
        }
    }
}
