using System.Text.Json;
using Appliance.Control;
using Appliance.Linux;
using Appliance.Linux.Events;
using Appliance.Linux.Sockets;
using Serilog;

namespace Appliance.Supervisor.Control;

/// <summary>
/// A control socket on the event loop: JSON lines in, JSON lines out. It never blocks the loop and nobody can lock
/// it up: sockets are non-blocking; every peer's credentials are checked (root, or a member of
/// <c>[system] control_group</c> for <c>status</c> only); requests are bounded in size; slots are bounded, idle and
/// half-sent connections time out and the longest-idle one makes room for a newcomer (<see cref="ControlSlots"/>);
/// answers are queued up to <see cref="MaxOutputBytes"/> and written as the reader takes them (EPOLLOUT), reading
/// no further request meanwhile. A handler may answer later (a failover completes when the successor is heard).
/// </summary>
internal sealed class ControlServer : IDisposable
{
    /// <summary>Far above the largest answer (a status of many instances, a 500-line log tail), and bounded.</summary>
    public const int MaxOutputBytes = 1024 * 1024;

    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan RefusalLogInterval = TimeSpan.FromSeconds(10);

    /// <summary>Accepts, and reads of one connection, per turn of the loop (architecture.md, "The one loop").</summary>
    private const int MaxPerWakeup = 16;

    private readonly EventLoop _loop;
    private readonly ILogger _log;
    private readonly UnixStreamListener _listener;
    private readonly Action<ControlRequest, Action<ControlResponse>> _handler;
    private readonly Dictionary<long, Connection> _connections = [];
    private readonly ControlSlots _slots;
    private readonly LoopTimer _timer;
    private readonly uint? _statusGroup;
    private TimeSpan? _lastRefusalLog;

    /// <param name="statusGroup">Members of this group may ask for status; null: root only.</param>
    public ControlServer(EventLoop loop, string path, int slots, uint? statusGroup, Action<ControlRequest, Action<ControlResponse>> handler, ILogger log)
    {
        _loop = loop;
        _log = log;
        _handler = handler;
        _statusGroup = statusGroup;
        _slots = new ControlSlots(slots, IdleTimeout);
        _listener = UnixStreamListener.Listen(path, group: statusGroup);
        _timer = loop.CreateTimer(OnIdleTimer);
        loop.Register(_listener.Handle, OnAccept);
    }

    public string Path => _listener.Path;

    public long RequestsServed { get; private set; }

    public long RequestsRefused { get; private set; }

    public long PeersRefused { get; private set; }

    private void OnAccept()
    {
        // A bounded number per turn (the listener is level-triggered: the rest are taken in the next turns), so that
        // clients connecting without pause cannot hold the loop.
        for (var accepted = 0; accepted < MaxPerWakeup && _listener.Accept() is { } fd; accepted++)
        {
            PeerCredentials credentials;
            try
            {
                credentials = UnixStreamListener.PeerOf(fd);
            }
            catch (SystemCallException e)
            {
                _log.Warning("control socket {Path}: no peer credentials ({Error}); refused", Path, e.Message);
                fd.Dispose();
                continue;
            }

            var access = ControlAccess.For(credentials, _statusGroup, out var peer);
            if (access == ControlAccessLevel.None)
            {
                PeersRefused++;
                RefuseAndClose(fd, $"permission denied: this socket answers root{(_statusGroup is null ? "" : " (and the control group, for status)")}");
                LogRefusal(peer);
                continue;
            }

            var now = EventLoop.Now;
            var (id, evict) = _slots.Admit(now);
            if (evict is { } victim && _connections.TryGetValue(victim, out var idle))
            {
                _log.Debug("control socket full: closing the connection idle longest");
                Close(idle, alreadyForgotten: true);
            }

            if (id is not { } admitted)
            {
                RefuseAndClose(fd, $"too many control connections busy (at most {_slots.Capacity})");
                continue;
            }

            var connection = new Connection(admitted, fd, access);
            _connections.Add(admitted, connection);
            _loop.Register(fd, () => OnReadable(connection), () => OnWritable(connection));
        }

        ArmTimer();
    }

    private static void RefuseAndClose(SafeFd fd, string error)
    {
        try
        {
            UnixStreamListener.Write(fd, Line(ControlResponse.Failure(error)));
        }
        catch (SystemCallException)
        {
            // The peer is gone already: nothing to tell.
        }

        fd.Dispose();
    }

    private void LogRefusal(string peer)
    {
        var now = EventLoop.Now;
        if (_lastRefusalLog is not { } last || now - last >= RefusalLogInterval)
        {
            _lastRefusalLog = now;
            _log.Warning("control socket {Path}: refused {Peer} ({Count} refused so far)", Path, peer, PeersRefused);
        }
    }

    private void OnReadable(Connection connection)
    {
        if (connection.Writing)
        {
            // Watched only for writing now: this is a hang-up or an error while an answer was still going out.
            Close(connection);
            ArmTimer();
            return;
        }

        for (var reads = 0; reads < MaxPerWakeup && !connection.Closed && connection.OutputLength == 0; reads++)
        {
            var free = connection.Buffer.AsSpan(connection.Length);
            if (free.IsEmpty)
            {
                // A line longer than the protocol allows: answer once, then hang up.
                RequestsRefused++;
                Answer(connection, ControlResponse.Failure($"request longer than {ControlProtocol.MaxLineBytes} bytes"), counted: false);
                Close(connection);
                break;
            }

            var read = UnixStreamListener.Read(connection.Fd, free);
            if (read == -1)
            {
                break;
            }

            if (read == 0)
            {
                Close(connection);
                break;
            }

            connection.Length += read;
            _slots.Progress(connection.Id, EventLoop.Now);
            ProcessLines(connection);
        }

        ArmTimer();
    }

    private void ProcessLines(Connection connection)
    {
        // One answer at a time: while one is still being written, further requests wait in the input buffer.
        while (!connection.Closed && connection.OutputLength == 0)
        {
            var data = connection.Buffer.AsSpan(0, connection.Length);
            var newline = data.IndexOf((byte)'\n');
            if (newline < 0)
            {
                return;
            }

            var line = data[..newline].TrimEnd((byte)'\r');
            var request = line.IsEmpty ? null : line.ToArray();
            data[(newline + 1)..].CopyTo(connection.Buffer);
            connection.Length -= newline + 1;
            if (request is not null)
            {
                Dispatch(connection, request);
            }
        }
    }

    private void Dispatch(Connection connection, byte[] line)
    {
        if (!ControlProtocol.TryParseRequest(line, out var request, out var error))
        {
            RequestsRefused++;
            Answer(connection, ControlResponse.Failure(error), counted: false);
            return;
        }

        if (!ControlAccess.Allows(connection.Access, request.Command))
        {
            RequestsRefused++;
            Answer(connection, ControlResponse.Failure($"permission denied: '{request.Command}' needs root; the control group may ask for status only"), counted: false);
            return;
        }

        RequestsServed++;
        _slots.RequestStarted(connection.Id, EventLoop.Now);
        var answered = false;
        void Respond(ControlResponse response)
        {
            if (!answered)
            {
                answered = true;
                Answer(connection, response, counted: true);
            }
        }

        try
        {
            _handler(request, Respond);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or SystemCallException or IOException)
        {
            _log.Warning("control request {Command} failed: {Error}", request.Command, e.Message);
            Respond(ControlResponse.Failure(e.Message));
        }
    }

    /// <summary>Queues an answer and writes what the socket takes now; the rest goes out as the reader reads.</summary>
    private void Answer(Connection connection, ControlResponse response, bool counted)
    {
        if (counted)
        {
            _slots.RequestAnswered(connection.Id, EventLoop.Now);
        }

        if (connection.Closed)
        {
            return;
        }

        var bytes = Line(response);
        if (connection.OutputLength + bytes.Length > MaxOutputBytes)
        {
            _log.Warning("a control client left {Bytes} bytes of answers unread; closing it", connection.OutputLength);
            Close(connection);
            return;
        }

        connection.Output.Enqueue(bytes);
        connection.OutputLength += bytes.Length;
        Flush(connection);
        ArmTimer();
    }

    private void OnWritable(Connection connection)
    {
        Flush(connection);
        if (!connection.Closed && connection.OutputLength == 0)
        {
            ProcessLines(connection);
        }

        ArmTimer();
    }

    private void Flush(Connection connection)
    {
        var wasWriting = connection.Writing;
        while (!connection.Closed && connection.Output.TryPeek(out var head))
        {
            var rest = head.AsSpan(connection.HeadOffset);
            var written = UnixStreamListener.Write(connection.Fd, rest);
            if (written < 0)
            {
                Close(connection);
                return;
            }

            if (written == 0)
            {
                break;
            }

            _slots.Progress(connection.Id, EventLoop.Now);
            connection.OutputLength -= written;
            connection.HeadOffset += written;
            if (connection.HeadOffset == head.Length)
            {
                connection.Output.Dequeue();
                connection.HeadOffset = 0;
            }
        }

        connection.Writing = connection.OutputLength > 0;
        if (connection.Writing != wasWriting)
        {
            _slots.SetWriting(connection.Id, connection.Writing, EventLoop.Now);
            _loop.Watch(connection.Fd, readable: !connection.Writing, writable: connection.Writing);
        }
    }

    private void OnIdleTimer()
    {
        foreach (var id in _slots.Expire(EventLoop.Now))
        {
            if (_connections.TryGetValue(id, out var connection))
            {
                _log.Debug("control connection idle for {Timeout}: closing it", IdleTimeout);
                Close(connection, alreadyForgotten: true);
            }
        }

        ArmTimer();
    }

    private void ArmTimer() => _timer.Set(_slots.NextDeadline);

    private static byte[] Line(ControlResponse response)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(response, ControlJson.Wire.ControlResponse);
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        return line;
    }

    private void Close(Connection connection, bool alreadyForgotten = false)
    {
        if (connection.Closed)
        {
            return;
        }

        connection.Closed = true;
        if (!alreadyForgotten)
        {
            _slots.Remove(connection.Id);
        }

        _connections.Remove(connection.Id);
        _loop.Unregister(connection.Fd);
        connection.Fd.Dispose();
    }

    public void Dispose()
    {
        foreach (var connection in _connections.Values.ToArray())
        {
            Close(connection);
        }

        _timer.Set(null);
        _loop.Unregister(_listener.Handle);
        _listener.Dispose();
    }

    private sealed class Connection(long id, SafeFd fd, ControlAccessLevel access)
    {
        public long Id { get; } = id;

        public SafeFd Fd { get; } = fd;

        public ControlAccessLevel Access { get; } = access;

        public byte[] Buffer { get; } = new byte[ControlProtocol.MaxLineBytes];

        public int Length { get; set; }

        public Queue<byte[]> Output { get; } = new();

        public int OutputLength { get; set; }

        public int HeadOffset { get; set; }

        public bool Writing { get; set; }

        public bool Closed { get; set; }
    }
}
