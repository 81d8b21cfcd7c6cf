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
    private TcpConnection? _connection;
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
        try
        {
            _connection = TcpConnection.Start(endpoint);
        }
        catch (SystemCallException e)
        {
            // Known at once (no route, refused on loopback): still reported from the loop, never re-entrantly.
            loop.Post(() => Finish(false, Describe(e.Errno)));
            return;
        }

        _connected = _connection.Connected;
        loop.Register(_connection.Fd, OnReadable, OnWritable);
        loop.Watch(_connection.Fd, readable: _connected, writable: !_connected || request is not null);
    }

    public override void Abort()
    {
        _done = null;
        if (_connection is { } connection)
        {
            _connection = null;
            loop.Unregister(connection.Fd);
            connection.Dispose();
        }
    }

    private void OnWritable()
    {
        if (_connection is not { } connection)
        {
            return;
        }

        try
        {
            if (!_connected)
            {
                if (connection.ConnectError() is var error and not Errno.None)
                {
                    Finish(false, Describe(error));
                    return;
                }

                _connected = true;
                if (request is null)
                {
                    Finish(true, "connected");
                    return;
                }
            }

            _sent += connection.Send(request.AsSpan(_sent));
            loop.Watch(connection.Fd, readable: true, writable: _sent < request!.Length);
        }
        catch (SystemCallException e)
        {
            Finish(false, Describe(e.Errno) + (_connected ? " sending" : ""));
        }
    }

    private void OnReadable()
    {
        if (_connection is not { } connection)
        {
            return;
        }

        if (!_connected)
        {
            // An error or hang-up before the connect completed arrives as readable: SO_ERROR says which.
            var error = connection.ConnectError();
            Finish(false, error == Errno.None ? "connection closed" : Describe(error));
            return;
        }

        try
        {
            var read = connection.Receive(_buffer.AsSpan(_received));
            if (read < 0)
            {
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
        catch (SystemCallException e)
        {
            Finish(false, Describe(e.Errno) + " reading");
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
        ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
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
