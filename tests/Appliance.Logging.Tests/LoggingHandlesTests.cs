using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Appliance.Logging.Tests.Support;
using Serilog.Events;

namespace Appliance.Logging.Tests;

/// <summary>Creation and live reconfiguration, with real unix datagram sockets as syslog receivers.</summary>
public sealed class LoggingHandlesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("applog-handles-").FullName;
    private readonly List<IDisposable> _cleanup = [];

    public void Dispose()
    {
        foreach (var item in Enumerable.Reverse(_cleanup))
        {
            item.Dispose();
        }
        Directory.Delete(_directory, recursive: true);
    }

    private Socket Receiver(string name)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified) { ReceiveTimeout = 10_000 };
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(_directory, name)));
        _cleanup.Add(socket);
        return socket;
    }

    private static Rfc5424Message Receive(Socket receiver)
    {
        var buffer = new byte[8192];
        int length = receiver.Receive(buffer);
        return Rfc5424Message.Parse(buffer.AsSpan(0, length));
    }

    private (Serilog.ILogger Logger, LoggingHandles Handles) Create(LogSettings settings)
    {
        var created = ApplianceLogging.Create(settings);
        _cleanup.Add(created.Handles);
        return created;
    }

    [Fact]
    public void The_level_changes_live_and_the_ring_survives_reconfiguration()
    {
        var settings = new LogSettings { SyslogPath = null, Console = false, Level = LogEventLevel.Warning };
        var (logger, handles) = Create(settings);
        logger.Information("not kept");
        logger.Warning("kept");
        handles.Reconfigure(settings with { Level = LogEventLevel.Debug });
        logger.Debug("now kept");
        Assert.Equal(["kept", "now kept"], handles.Ring.Tail(10).Select(l => l.Message));
        Assert.Equal(LogEventLevel.Debug, handles.MinimumLevel);
    }

    [Fact]
    public void A_new_syslog_path_replaces_the_sink_and_keeps_the_counters()
    {
        var first = Receiver("first.sock");
        var second = Receiver("second.sock");
        var settings = new LogSettings { SyslogPath = Path.Combine(_directory, "first.sock"), Console = false, Hostname = "edge-a" };
        var (logger, handles) = Create(settings);
        logger.Information("to the first");
        Assert.Equal("to the first", Receive(first).Msg);

        handles.Reconfigure(settings with { SyslogPath = Path.Combine(_directory, "second.sock"), Hostname = "edge-b" });
        logger.Information("to the second");
        var message = Receive(second);
        Assert.Equal("to the second", message.Msg);
        Assert.Equal("edge-b", message.Hostname);

        // The sender thread counts a message after send() returns, which may be after the receiver has it.
        SpinWait.SpinUntil(() => handles.Syslog.Sent == 2, TimeSpan.FromSeconds(2));
        Assert.Equal(2, handles.Syslog.Sent);
        Assert.Equal(2, handles.Syslog.Opens);
    }

    [Fact]
    public void Unchanged_settings_keep_the_open_sink()
    {
        var receiver = Receiver("log.sock");
        var settings = new LogSettings { SyslogPath = Path.Combine(_directory, "log.sock"), Console = false };
        var (logger, handles) = Create(settings);
        logger.Information("one");
        Receive(receiver);
        handles.Reconfigure(settings with { Level = LogEventLevel.Verbose });
        logger.Verbose("two");
        Assert.Equal("two", Receive(receiver).Msg);
        Assert.Equal(1, handles.Syslog.Opens);
    }

    [Fact]
    public void A_missing_syslog_socket_is_retried_with_back_off_not_in_a_loop()
    {
        var (logger, handles) = Create(new LogSettings { SyslogPath = Path.Combine(_directory, "absent.sock"), Console = false });
        logger.Information("held");
        Thread.Sleep(1500);
        // Pauses of 0.2, 0.4, 0.8 s: four attempts in 1.5 s (fewer on a loaded machine), where a loop would make thousands.
        Assert.InRange(handles.Syslog.OpenFailures, 2, 5);
        Assert.Single(handles.Ring.Tail(10), l => l.Message.Contains("is unavailable"));

        Assert.Contains("ENOENT", handles.Syslog.LastFailure);

        // Once syslogd appears the sink says it is back, then delivers the held event.
        var receiver = Receiver("absent.sock");
        var back = Receive(receiver);
        Assert.Equal("LogSink", back.MsgId);
        Assert.Contains("is available again", back.Msg);
        Assert.Equal("held", Receive(receiver).Msg);
    }

    [Fact]
    public void A_syslog_path_too_long_for_sun_path_fails_with_a_reason_at_back_off_pace()
    {
        var (logger, handles) = Create(new LogSettings { SyslogPath = "/run/" + new string('x', 200), Console = false });
        logger.Information("never sent");
        Thread.Sleep(1000);
        Assert.InRange(handles.Syslog.OpenFailures, 1, 4);
        Assert.Contains("path too long", handles.Syslog.LastFailure);
    }

    [Fact]
    public void Logging_after_dispose_is_harmless()
    {
        var (logger, handles) = Create(new LogSettings { SyslogPath = null, Console = false });
        handles.Dispose();
        logger.Information("after the end");
        Assert.Throws<ObjectDisposedException>(() => handles.Reconfigure(new LogSettings()));
    }

    [Fact]
    public void Invalid_settings_are_refused_before_anything_starts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ApplianceLogging.Create(new LogSettings { QueueCapacity = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ApplianceLogging.Create(new LogSettings { RingCapacity = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ApplianceLogging.Create(new LogSettings { Facility = (SyslogFacility)24 }));
    }
}
