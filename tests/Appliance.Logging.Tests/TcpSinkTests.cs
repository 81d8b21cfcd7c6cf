using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Appliance.Logging.Sinks;
using Appliance.Logging.Tests.Support;
using Appliance.Logging.Transports;
using Serilog;

namespace Appliance.Logging.Tests;

/// <summary>Syslog over TCP with octet counting (RFC 6587 3.4.1), against rsyslog's imtcp and against a bare listener.</summary>
public sealed class TcpSinkTests : IDisposable
{
    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(15);
    private readonly List<IDisposable> _cleanup = [];

    public void Dispose()
    {
        foreach (var item in Enumerable.Reverse(_cleanup))
        {
            item.Dispose();
        }
    }

    private ILogger Start(int port, SinkTiming? timing = null)
    {
        var (logger, handles) = ApplianceLogging.Create(
            new LogSettings
            {
                SyslogPath = null,
                Console = false,
                Remote = new SyslogRemote("127.0.0.1", port, SyslogProtocol.Tcp),
                Hostname = "edge-c",
                Facility = SyslogFacility.Local3,
            },
            timing ?? SinkTiming.Default);
        _cleanup.Add(handles);
        return logger;
    }

    [Fact]
    public void A_frame_is_the_length_a_space_and_the_message()
    {
        var frame = new byte[32];
        int length = TcpTransport.Frame("<30>1 - - - - - -"u8, frame);
        Assert.Equal("17 <30>1 - - - - - -", Encoding.ASCII.GetString(frame, 0, length));
    }

    [Fact]
    public void Rsyslog_takes_each_event_as_one_record_even_with_newlines_in_it()
    {
        var rsyslog = new RsyslogDaemon(tcp: true);
        _cleanup.Add(rsyslog);
        rsyslog.Start();
        var logger = Start(rsyslog.TcpPort);

        logger.ForContext("SourceContext", "Appliance.Vrrp.VirtualRouter")
            .Information("{Instance} {From} -> {To}: {Reason}", "web", "backup", "master", "master down timer expired");
        logger.Error(new InvalidOperationException("first line\nsecond line"), "hook {Hook} failed", "on_master");
        logger.Information("last {Marker}", "one");

        var transition = rsyslog.WaitFor(r => r.MsgId == "VirtualRouter", Arrival, "the transition");
        Assert.Equal("web backup -> master: master down timer expired", transition.Msg);
        Assert.Equal("edge-c", transition.Hostname);
        Assert.Equal("master", transition.Parameters["To"]);
        Assert.Equal((19 * 8 + 6).ToString(CultureInfo.InvariantCulture), transition.Pri); // local3.info
        rsyslog.WaitFor(r => r.Msg == "last one", Arrival, "the last event");

        // Newline framing would have cut the exception into records of their own; octet counting keeps it whole.
        var records = rsyslog.Records();
        var failure = Assert.Single(records, r => r.Msg.StartsWith("hook on_master failed", StringComparison.Ordinal));
        Assert.Contains("second line", failure.Msg);
        Assert.DoesNotContain(records, r => r.Msg.StartsWith("second line", StringComparison.Ordinal));
        Assert.Equal(3, records.Count);
    }

    [Fact]
    public void A_collector_that_closes_the_connection_loses_no_message()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var logger = Start(((IPEndPoint)listener.LocalEndpoint).Port, new SinkTiming
        {
            ReconnectInitial = TimeSpan.FromMilliseconds(50),
            ReconnectMax = TimeSpan.FromMilliseconds(200),
        });

        logger.Information("first");
        using (var first = listener.AcceptSocket())
        {
            Assert.EndsWith("first", ReadFrame(first));
        }

        // The collector's FIN is on its way back; the sink must notice it before it writes, not lose the message
        // to the reset that a write to a closed peer earns.
        Thread.Sleep(200);
        logger.Information("second");
        logger.Information("third");
        using var next = listener.AcceptSocket();
        var events = new List<string>();
        while (events.Count < 2)
        {
            var frame = ReadFrame(next);
            // The sink's own reports about the outage travel the same way; the events are what must not be lost.
            if (!frame.Contains(" LogSink ", StringComparison.Ordinal))
            {
                events.Add(frame);
            }
        }
        Assert.EndsWith("second", events[0]);
        Assert.EndsWith("third", events[1]);
    }

    /// <summary>Reads one "MSG-LEN SP SYSLOG-MSG" frame.</summary>
    private static string ReadFrame(Socket socket)
    {
        socket.ReceiveTimeout = (int)Arrival.TotalMilliseconds;
        var digits = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            Assert.Equal(1, socket.Receive(one));
            if (one[0] == (byte)' ')
            {
                break;
            }
            Assert.InRange(one[0], (byte)'0', (byte)'9');
            digits.Append((char)one[0]);
            Assert.True(digits.Length <= 5, "MSG-LEN longer than 5 digits");
        }
        var message = new byte[int.Parse(digits.ToString(), CultureInfo.InvariantCulture)];
        for (int read = 0; read < message.Length;)
        {
            int n = socket.Receive(message, read, message.Length - read, SocketFlags.None);
            Assert.True(n > 0, "the stream ended inside a frame");
            read += n;
        }
        return Encoding.UTF8.GetString(message);
    }
}
