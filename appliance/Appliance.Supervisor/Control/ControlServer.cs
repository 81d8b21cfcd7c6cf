using System.Text.Json;
using Appliance.Control;
using Appliance.Linux;
using Appliance.Linux.Events;
using Appliance.Linux.Sockets;
using Serilog;

namespace Appliance.Supervisor.Control;

/// <summary>
/// The control socket on the event loop: JSON lines in, JSON lines out. It never blocks the loop: sockets are
/// non-blocking, requests are bounded in size and connections in number, and a client that does not read its
/// answers is dropped. A handler may answer later (a failover completes when the successor is heard).
/// </summary>
internal sealed class ControlServer : IDisposable
{
    private const int MaxConnections = 32;
    private readonly EventLoop _loop;
    private readonly ILogger _log;
    private readonly UnixStreamListener _listener;
    private readonly Action<ControlRequest, Action<ControlResponse>> _handler;
    private readonly List<Connection> _connections = [];

    public ControlServer(EventLoop loop, string path, Action<ControlRequest, Action<ControlResponse>> handler, ILogger log)
    {
        _loop = loop;
        _log = log;
        _handler = handler;
        _listener = UnixStreamListener.Listen(path);
        loop.Register(_listener.Handle, OnAccept);
    }

    public string Path => _listener.Path;

    public long RequestsServed { get; private set; }

    public long RequestsRefused { get; private set; }

    private void OnAccept()
    {
        while (_listener.Accept() is { } fd)
        {
            var connection = new Connection(fd);
            if (_connections.Count >= MaxConnections)
            {
                Respond(connection, ControlResponse.Failure($"too many control connections (at most {MaxConnections})"));
                fd.Dispose();
                continue;
            }

            _connections.Add(connection);
            _loop.Register(fd, () => OnReadable(connection));
        }
    }

    private void OnReadable(Connection connection)
    {
        while (!connection.Closed)
        {
            var free = connection.Buffer.AsSpan(connection.Length);
            if (free.IsEmpty)
            {
                // A line longer than the protocol allows: answer once, then hang up.
                RequestsRefused++;
                Respond(connection, ControlResponse.Failure($"request longer than {ControlProtocol.MaxLineBytes} bytes"));
                Close(connection);
                return;
            }

            var read = UnixStreamListener.Read(connection.Fd, free);
            if (read == -1)
            {
                return;
            }

            if (read == 0)
            {
                Close(connection);
                return;
            }

            connection.Length += read;
            ProcessLines(connection);
        }
    }

    private void ProcessLines(Connection connection)
    {
        while (!connection.Closed)
        {
            var data = connection.Buffer.AsSpan(0, connection.Length);
            var newline = data.IndexOf((byte)'\n');
            if (newline < 0)
            {
                return;
            }

            var line = data[..newline].TrimEnd((byte)'\r');
            if (!line.IsEmpty)
            {
                Dispatch(connection, line);
            }

            var rest = connection.Length - newline - 1;
            data[(newline + 1)..].CopyTo(connection.Buffer);
            connection.Length = rest;
        }
    }

    private void Dispatch(Connection connection, ReadOnlySpan<byte> line)
    {
        if (!ControlProtocol.TryParseRequest(line, out var request, out var error))
        {
            RequestsRefused++;
            Respond(connection, ControlResponse.Failure(error));
            return;
        }

        RequestsServed++;
        try
        {
            _handler(request, response => Respond(connection, response));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or SystemCallException or IOException)
        {
            _log.Warning("control request {Command} failed: {Error}", request.Command, e.Message);
            Respond(connection, ControlResponse.Failure(e.Message));
        }
    }

    private void Respond(Connection connection, ControlResponse response)
    {
        if (connection.Closed)
        {
            return;
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(response, ControlJson.Wire.ControlResponse);
        if (!UnixStreamListener.TryWrite(connection.Fd, bytes) || !UnixStreamListener.TryWrite(connection.Fd, "\n"u8))
        {
            _log.Debug("a control client did not read its answer; dropping it");
            Close(connection);
        }
    }

    private void Close(Connection connection)
    {
        if (connection.Closed)
        {
            return;
        }

        connection.Closed = true;
        _connections.Remove(connection);
        _loop.Unregister(connection.Fd);
        connection.Fd.Dispose();
    }

    public void Dispose()
    {
        foreach (var connection in _connections.ToArray())
        {
            Close(connection);
        }

        _loop.Unregister(_listener.Handle);
        _listener.Dispose();
    }

    private sealed class Connection(SafeFd fd)
    {
        public SafeFd Fd { get; } = fd;

        public byte[] Buffer { get; } = new byte[ControlProtocol.MaxLineBytes];

        public int Length { get; set; }

        public bool Closed { get; set; }
    }
}
