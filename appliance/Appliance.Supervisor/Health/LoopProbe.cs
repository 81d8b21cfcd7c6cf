using Appliance.Linux;
using Appliance.Linux.Events;
using Appliance.Linux.Sockets;

namespace Appliance.Supervisor.Health;

/// <summary>
/// The nginx health probe, run on the event loop itself: a non-blocking connect, the request sent when the loop says
/// the connection is made, the status line read when it says an answer is there, a loop timer for the deadline.
/// No thread and no task: a probe through .NET's async sockets cost a hop to the socket engine's thread, one to a
/// pool worker and one back to the loop per step, and the pool's workers spun between probes (most of what the
/// supervisor spent in a steady state). One probe at a time; the result goes to the callback on the loop.
/// </summary>
internal sealed class LoopProbe
{
    private readonly EventLoop _loop;
    private readonly Action<ProbeResult> _onResult;
    private readonly Action _onReadable;
    private readonly Action _onWritable;
    private readonly LoopTimer _deadline;
    private readonly byte[] _buffer = new byte[HttpProbe.MaxResponse];
    private HttpProbe? _active;
    private SafeFd? _socket;
    private string _stage = "connecting";
    private int _length;

    public LoopProbe(EventLoop loop, Action<ProbeResult> onResult)
    {
        _loop = loop;
        _onResult = onResult;
        _onReadable = OnReadable;
        _onWritable = OnWritable;
        _deadline = loop.CreateTimer(OnDeadline);
    }

    /// <summary>A probe is under way; its result has not been delivered yet.</summary>
    public bool Busy => _active is not null;

    /// <summary>Starts one probe of <paramref name="probe"/>'s URL; its result arrives through the callback, on the loop.</summary>
    public void Start(HttpProbe probe)
    {
        if (_active is not null)
        {
            throw new InvalidOperationException("a health probe is already under way");
        }

        _active = probe;
        _length = 0;
        _stage = "connecting";
        var socket = TcpClientSocket.Connect(probe.Endpoint, out var connected, out var error);
        if (socket is null)
        {
            Finish(Failed(error));
            return;
        }

        _socket = socket;
        _deadline.Set(EventLoop.Now + probe.Timeout);
        if (connected)
        {
            _loop.Register(socket, _onReadable, _onWritable, readable: true, writable: false);
            SendRequest(watch: false);
        }
        else
        {
            _loop.Register(socket, _onReadable, _onWritable, readable: false, writable: true);
        }
    }

    /// <summary>Drops a probe under way without a result (the owner stops caring).</summary>
    public void Cancel()
    {
        Close();
        _active = null;
    }

    private void OnWritable()
    {
        if (_socket is null || _stage != "connecting")
        {
            return;
        }

        var error = TcpClientSocket.ConnectResult(_socket);
        if (error != 0)
        {
            Finish(Failed(error));
            return;
        }

        SendRequest(watch: true);
    }

    /// <summary>The request is a hundred bytes into an empty socket buffer: it goes in one send or the probe fails.</summary>
    /// <param name="watch">The socket is still watched for writability and must be switched to reading.</param>
    private void SendRequest(bool watch)
    {
        _stage = "sending";
        var request = _active!.Request;
        var sent = TcpClientSocket.Send(_socket!, request, out var error);
        if (sent != request.Length)
        {
            Finish(sent == -1 ? Failed(error) : ProbeResult.Failed("request not sent whole"));
            return;
        }

        _stage = "reading";
        if (watch)
        {
            _loop.Watch(_socket!, readable: true, writable: false);
        }
    }

    private void OnReadable()
    {
        if (_socket is null || _active is not { } probe)
        {
            return;
        }

        if (_stage != "reading")
        {
            // A hang-up while connecting (refused) also arrives here.
            OnWritable();
            return;
        }

        var read = TcpClientSocket.Receive(_socket, _buffer.AsSpan(_length), out var error);
        if (read == -1)
        {
            if (error != Errno.EAGAIN)
            {
                Finish(Failed(error));
            }

            return;
        }

        _length += read;
        if (read == 0 || _length == _buffer.Length || probe.Complete(_buffer.AsSpan(0, _length)))
        {
            Finish(probe.Parse(_buffer.AsSpan(0, _length)));
        }
    }

    private void OnDeadline()
    {
        if (_active is { } probe)
        {
            Finish(ProbeResult.Failed($"timed out after {probe.Timeout.TotalMilliseconds:0}ms {_stage}"));
        }
    }

    private ProbeResult Failed(Errno error) => ProbeResult.Failed(error switch
    {
        Errno.ECONNREFUSED => "connection refused",
        Errno.ECONNRESET => $"connection reset {_stage}",
        Errno.EHOSTUNREACH or Errno.ENETUNREACH => $"unreachable ({SystemCallException.Describe(error)})",
        _ => $"{SystemCallException.Describe(error)} {_stage}",
    });

    private void Finish(ProbeResult result)
    {
        Close();
        _active = null;
        _onResult(result);
    }

    private void Close()
    {
        _deadline.Set(null);
        if (_socket is { } socket)
        {
            _loop.Unregister(socket, closing: true);
            socket.Dispose();
            _socket = null;
        }
    }
}
