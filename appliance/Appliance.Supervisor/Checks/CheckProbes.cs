using System.Net;
using Appliance.Config;
using Appliance.Linux;
using Appliance.Linux.Events;
using Appliance.Linux.Processes;
using Appliance.Linux.Sockets;
using Appliance.Supervisor.Health;
using Appliance.Supervisor.Hooks;
using Appliance.Supervisor.Processes;
using Serilog.Events;

namespace Appliance.Supervisor.Checks;

/// <summary>One probe at a time of one check, run on the event loop; it reports its end through the callback once.</summary>
internal abstract class CheckProbe : IDisposable
{
    /// <summary>Starts a probe; <paramref name="done"/> is called on the loop with success or why it failed.</summary>
    public abstract void Start(Action<bool, string> done);

    /// <summary>The probe ran past its timeout: stop it without calling back.</summary>
    public abstract void Abort();

    public void Dispose() => Abort();

    public static CheckProbe For(CheckOptions options, EventLoop loop, ProcessHost processes) => options.Type switch
    {
        CheckType.Http => new SocketProbe(loop, new IPEndPoint(IPAddress.Parse(options.Url!.IdnHost), options.Url.Port), HttpProbe.RequestFor(options.Url)),
        CheckType.Tcp => new SocketProbe(loop, options.Endpoint!, request: null),
        _ => new ExecProbe(loop, processes, options),
    };
}

/// <summary>
/// A TCP connect (tcp checks) and, with a request, an HTTP GET whose status line decides (http checks), on a
/// non-blocking socket the loop polls: the loop never waits for the peer.
/// </summary>
internal sealed class SocketProbe(EventLoop loop, IPEndPoint endpoint, byte[]? request) : CheckProbe
{
    private const int BufferSize = 1024;
    private readonly byte[] _buffer = new byte[BufferSize];
    private SafeFd? _socket;
    private Action<bool, string>? _done;
    private int _sent;
    private int _received;
    private bool _connected;

    public override void Start(Action<bool, string> done)
    {
        Abort();
        _done = done;
        _sent = 0;
        _received = 0;
        SafeFd? socket;
        Errno error;
        try
        {
            socket = TcpClientSocket.Connect(endpoint, out _connected, out error);
        }
        catch (SystemCallException e)
        {
            (socket, error) = (null, e.Errno);
        }

        if (socket is null)
        {
            // Known at once (no route, refused on loopback): still reported from the loop, never re-entrantly.
            loop.Post(() => Finish(false, Describe(error)));
            return;
        }

        _socket = socket;
        loop.Register(socket, OnReadable, OnWritable);
        loop.Watch(socket, readable: _connected, writable: !_connected || request is not null);
    }

    public override void Abort()
    {
        _done = null;
        if (_socket is { } socket)
        {
            _socket = null;
            loop.Unregister(socket);
            socket.Dispose();
        }
    }

    private void OnWritable()
    {
        if (_socket is not { } socket)
        {
            return;
        }

        if (!_connected)
        {
            if (TcpClientSocket.ConnectResult(socket) is var refused and not Errno.None)
            {
                Finish(false, Describe(refused));
                return;
            }

            _connected = true;
            if (request is null)
            {
                Finish(true, "connected");
                return;
            }
        }

        var sent = TcpClientSocket.Send(socket, request.AsSpan(_sent), out var error);
        if (sent < 0 && error != Errno.EAGAIN)
        {
            Finish(false, Describe(error) + " sending");
            return;
        }

        _sent += Math.Max(sent, 0);
        loop.Watch(socket, readable: true, writable: _sent < request!.Length);
    }

    private void OnReadable()
    {
        if (_socket is not { } socket)
        {
            return;
        }

        if (!_connected)
        {
            // An error or hang-up before the connect completed arrives as readable: SO_ERROR says which.
            var refused = TcpClientSocket.ConnectResult(socket);
            Finish(false, refused == Errno.None ? "connection closed" : Describe(refused));
            return;
        }

        var read = TcpClientSocket.Receive(socket, _buffer.AsSpan(_received), out var error);
        if (read < 0)
        {
            if (error != Errno.EAGAIN)
            {
                Finish(false, Describe(error) + " reading");
            }

            return;
        }

        _received += read;
        var seen = _buffer.AsSpan(0, _received);
        if (read == 0 || _received == BufferSize || seen.IndexOf("\r\n"u8) >= 0)
        {
            var result = HttpProbe.Parse(seen, readBody: false);
            Finish(result.Healthy, result.Healthy ? $"status {result.Status}" : result.Failure!);
        }
    }

    private void Finish(bool success, string detail)
    {
        var done = _done;
        Abort();
        done?.Invoke(success, detail);
    }

    private static string Describe(Errno errno) => errno switch
    {
        Errno.ECONNREFUSED => "connection refused",
        Errno.ECONNRESET => "connection reset",
        Errno.EHOSTUNREACH => "host unreachable",
        Errno.ENETUNREACH => "network unreachable",
        Errno.ETIMEDOUT => "connection timed out",
        _ => errno.ToString(),
    };
}

/// <summary>
/// A program run without a shell, in its own process group, from / with a fixed PATH; exit 0 is success. Aborting
/// kills the whole group, so whatever the program started goes too.
/// </summary>
internal sealed class ExecProbe(EventLoop loop, ProcessHost processes, CheckOptions options) : CheckProbe
{
    private static readonly Dictionary<string, string> Environment = new(StringComparer.Ordinal)
    {
        ["PATH"] = ChildPath.Search,
    };

    private HostedChild? _child;

    public override void Start(Action<bool, string> done)
    {
        Abort();
        try
        {
            _child = processes.Start(
                new SpawnOptions
                {
                    File = options.Program[0],
                    Arguments = options.Program.Skip(1).ToArray(),
                    Environment = Environment,
                    NewProcessGroup = true,
                    WorkingDirectory = "/",
                },
                $"check {options.Name}",
                (child, exit) =>
                {
                    // Whatever it left running in its group goes with it.
                    child.Process.SignalGroup(Signals.SIGKILL);
                    if (_child != child)
                    {
                        return; // aborted: the policy already counted it
                    }

                    _child = null;
                    done(exit.Success, exit.Success ? "exit 0" : exit.ToString());
                },
                LogEventLevel.Debug);
        }
        catch (Exception e)
        {
            loop.Post(() => done(false, $"could not start {options.Program[0]}: {e.Message}"));
        }
    }

    public override void Abort()
    {
        if (_child is { } child)
        {
            _child = null;
            child.Process.SignalGroup(Signals.SIGKILL);
        }
    }
}
