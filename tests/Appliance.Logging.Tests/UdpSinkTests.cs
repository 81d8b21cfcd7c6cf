using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Appliance.Logging.Sinks;
using Appliance.Logging.Syslog;
using Appliance.Logging.Tests.Support;
using Serilog;

namespace Appliance.Logging.Tests;

/// <summary>The UDP sink and a listener, both inside a private network namespace.</summary>
public sealed class UdpSinkTests : IDisposable
{
    private readonly NetworkNamespace? _namespace = RootRequirement.SkipReason is null ? new NetworkNamespace() : null;
    private readonly List<IDisposable> _cleanup = [];

    public void Dispose()
    {
        foreach (var item in Enumerable.Reverse(_cleanup))
        {
            item.Dispose();
        }
        _namespace?.Dispose();
    }

    private NetworkNamespace Namespace => _namespace ?? throw new InvalidOperationException("no namespace");

    private (Socket Listener, ILogger Logger, LoggingHandles Handles) StartInside(string host, Func<Socket> listen, int? port = null, SinkTiming? timing = null)
    {
        var started = Namespace.RunInside(() =>
        {
            var listener = listen();
            int target = port ?? ((IPEndPoint)listener.LocalEndPoint!).Port;
            var (logger, handles) = ApplianceLogging.Create(
                new LogSettings
                {
                    SyslogPath = null,
                    Console = false,
                    Remote = new SyslogRemote(host, target),
                    Hostname = "edge-b",
                },
                timing ?? SinkTiming.Default);
            return (listener, logger, handles);
        });
        _cleanup.Add(started.listener);
        _cleanup.Add(started.handles);
        return started;
    }

    private static Func<Socket> Listener(string address) => () =>
    {
        var ip = IPAddress.Parse(address);
        var socket = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 10_000 };
        if (ip.Equals(IPAddress.IPv6Any))
        {
            socket.DualMode = true;
        }
        socket.Bind(new IPEndPoint(ip, 0));
        return socket;
    };

    private static (Rfc5424Message Message, EndPoint From, int Length) Receive(Socket listener)
    {
        var buffer = new byte[65536];
        EndPoint from = new IPEndPoint(listener.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        int length = listener.ReceiveFrom(buffer, ref from);
        return (Rfc5424Message.Parse(buffer.AsSpan(0, length)), from, length);
    }

    [RootTheory]
    [InlineData(NetworkNamespace.Ipv4, NetworkNamespace.Ipv4)]
    [InlineData(NetworkNamespace.Ipv6, NetworkNamespace.Ipv6)]
    [InlineData("localhost", "::")]
    public void Datagrams_are_RFC_5424_messages(string host, string listenOn)
    {
        var (listener, logger, _) = StartInside(host, Listener(listenOn));
        logger.ForContext("SourceContext", "Appliance.Vrrp.VirtualRouter")
            .Error("{Instance} {From} -> {To}: {Reason}", "web", "master", "fault", "interface eth0 down");

        var (message, from, _) = Receive(listener);
        Assert.Equal(3 * 8 + 3, message.Pri);
        Assert.Equal("edge-b", message.Hostname);
        Assert.Equal("appliance", message.AppName);
        Assert.Equal("VirtualRouter", message.MsgId);
        Assert.Equal("web master -> fault: interface eth0 down", message.Msg);
        Assert.Equal(
            [("Instance", "web"), ("From", "master"), ("To", "fault"), ("Reason", "interface eth0 down")],
            message.Parameters(Rfc5424Formatter.StructuredDataId));
        if (host != "localhost")
        {
            Assert.Equal(IPAddress.Parse(host), ((IPEndPoint)from).Address);
        }
    }

    [RootFact]
    public void Messages_over_2048_bytes_are_cut_between_characters()
    {
        var (listener, logger, _) = StartInside(NetworkNamespace.Ipv4, Listener(NetworkNamespace.Ipv4));
        logger.Information("{Marker} " + new string('€', 1500), "long");

        var (message, _, length) = Receive(listener);
        Assert.InRange(length, UdpTransportLimit - 2, UdpTransportLimit);
        Assert.True(message.HasBom);
        Assert.StartsWith("long €€€", message.Msg);
        Assert.Equal(new string('€', message.Msg!.Length - 5), message.Msg[5..]);
    }

    [RootFact]
    public void An_unreachable_collector_is_re_resolved_and_receives_later_messages()
    {
        // Find a free port, then leave nobody listening on it: the kernel answers with ICMP port unreachable.
        int port = Namespace.RunInside(() =>
        {
            using var probe = Listener("::")();
            return ((IPEndPoint)probe.LocalEndPoint!).Port;
        });
        var timing = new SinkTiming { ReconnectInitial = TimeSpan.FromMilliseconds(50), ReconnectMax = TimeSpan.FromMilliseconds(200) };
        var (_, logger, handles) = StartInside("localhost", () => new Socket(SocketType.Dgram, ProtocolType.Udp), port, timing);

        var clock = Stopwatch.StartNew();
        for (int i = 0; handles.Remote.Outages == 0; i++)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the sink never saw ECONNREFUSED");
            logger.Information("into the void {Index}", i);
            Thread.Sleep(20);
        }
        Assert.True(handles.Remote.Opens >= 2, $"opens {handles.Remote.Opens}");

        var listener = Namespace.RunInside(() =>
        {
            var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = true, ReceiveTimeout = 10_000 };
            socket.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
            return socket;
        });
        _cleanup.Add(listener);
        logger.Information("collector is back");
        while (true)
        {
            var (message, _, _) = Receive(listener);
            if (message.Msg == "collector is back")
            {
                break;
            }
        }
    }

    private const int UdpTransportLimit = Appliance.Logging.Transports.UdpTransport.DefaultMaxMessageBytes;
}
