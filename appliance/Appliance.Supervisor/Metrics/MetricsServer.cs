using System.Net;
using Appliance.Linux;
using Appliance.Linux.Events;
using Appliance.Linux.Sockets;
using Serilog;

namespace Appliance.Supervisor.Metrics;

/// <summary>
/// <c>[metrics] listen</c>: Prometheus scrapes <c>/metrics</c> over HTTP/1.1 on the event loop. A scrape is a small,
/// rare request, so the server is deliberately plain and bounded: at most <see cref="MaxConnections"/> at once (a
/// newcomer beyond that is closed at once and counted), a request head of at most 4 KiB, <see cref="Timeout"/> for
/// the whole exchange, one answer per connection (Connection: close), written as the reader takes it. Nothing a
/// scraper does can hold the loop: every socket is non-blocking and each wake-up does a bounded amount of work.
/// </summary>
internal sealed class MetricsServer : IDisposable
{
    public const int MaxConnections = 8;

    /// <summary>Connections taken from the accept queue per wake-up; the rest wait for the next turn of the loop.</summary>
    private const int AcceptsPerWake = 16;

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly EventLoop _loop;
    private readonly ILogger _log;
    private readonly SafeFd _listener;
    private readonly Func<string> _render;
    private readonly List<Connection> _connections = [];
    private readonly LoopTimer _timer;

    private MetricsServer(EventLoop loop, ILogger log, IPEndPoint endpoint, SafeFd listener, Func<string> render)
    {
        _loop = loop;
        _log = log;
        Endpoint = endpoint;
        _listener = listener;
        _render = render;
        _timer = loop.CreateTimer(OnTimer);
        loop.Register(_listener, OnAccept);
    }

    public IPEndPoint Endpoint { get; }

    public long Scrapes { get; private set; }

    public long Refused { get; private set; }

    /// <summary>Opens the listening socket; a failure (address in use, no such address) is the caller's to report.</summary>
    public static MetricsServer Start(EventLoop loop, ILogger log, IPEndPoint endpoint, Func<string> render) =>
        new(loop, log, endpoint, TcpListenSocket.Open(endpoint.Address, endpoint.Port, backlog: 16), render);

    private void OnAccept()
    {
        for (var i = 0; i < AcceptsPerWake && StreamConnection.Accept(_listener, $"metrics {Endpoint}") is { } fd; i++)
        {
            if (_connections.Count >= MaxConnections)
            {
                Refused++;
                fd.Dispose();
                continue;
            }

            var connection = new Connection(fd, EventLoop.Now + Timeout);
            _connections.Add(connection);
            _loop.Register(fd, () => OnReadable(connection), () => OnWritable(connection));
        }

        ArmTimer();
    }

    private void OnReadable(Connection c)
    {
        if (c.Output is not null)
        {
            // Watched for writing only: a hang-up or an error while the answer goes out.
            Close(c);
            return;
        }

        var read = StreamConnection.Read(c.Fd, c.Head.AsSpan(c.Length));
        if (read == -1)
        {
            return;
        }

        if (read == 0)
        {
            Close(c);
            return;
        }

        c.Length += read;
        switch (ScrapeRequest.Parse(c.Head.AsSpan(0, c.Length), out var method, out var target, out var problem))
        {
            case ScrapeRequest.Outcome.Incomplete:
                return;
            case ScrapeRequest.Outcome.Bad:
                Refused++;
                Send(c, ScrapeRequest.BadRequest(problem!));
                return;
            default:
                Scrapes++;
                Send(c, ScrapeRequest.Answer(method, target, _render));
                return;
        }
    }

    private void Send(Connection c, byte[] answer)
    {
        c.Output = answer;
        _loop.Watch(c.Fd, readable: false, writable: true);
        OnWritable(c);
    }

    private void OnWritable(Connection c)
    {
        if (c.Output is not { } output)
        {
            return;
        }

        var written = StreamConnection.Write(c.Fd, output.AsSpan(c.Offset));
        if (written < 0)
        {
            Close(c);
            return;
        }

        c.Offset += written;
        if (c.Offset == output.Length)
        {
            Close(c);
        }
    }

    private void OnTimer()
    {
        var now = EventLoop.Now;
        foreach (var c in _connections.Where(c => c.Deadline <= now).ToArray())
        {
            _log.Debug("metrics: a connection from a scraper took longer than {Timeout}; closed", Timeout);
            Close(c);
        }

        ArmTimer();
    }

    private void ArmTimer() => _timer.Set(_connections.Count == 0 ? null : _connections.Min(c => c.Deadline));

    private void Close(Connection c)
    {
        if (_connections.Remove(c))
        {
            _loop.Unregister(c.Fd);
            c.Fd.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var c in _connections.ToArray())
        {
            Close(c);
        }

        _timer.Set(null);
        _loop.Unregister(_listener);
        _listener.Dispose();
    }

    private sealed class Connection(SafeFd fd, TimeSpan deadline)
    {
        public SafeFd Fd { get; } = fd;

        public TimeSpan Deadline { get; } = deadline;

        public byte[] Head { get; } = new byte[ScrapeRequest.MaxHeadBytes];

        public int Length { get; set; }

        public byte[]? Output { get; set; }

        public int Offset { get; set; }
    }
}
