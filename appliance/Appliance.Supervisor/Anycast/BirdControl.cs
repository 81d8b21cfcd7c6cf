using System.Text;
using Appliance.Linux;
using Appliance.Linux.Events;
using Appliance.Linux.Sockets;

namespace Appliance.Supervisor.Anycast;

/// <summary>
/// One connection to BIRD's control socket on the event loop: commands go out as lines, replies come back in order
/// (BIRD answers one command at a time), so each reply goes to the oldest waiting command. Nothing here blocks:
/// reads are bounded per wake-up, and what BIRD cannot take at once waits in a bounded buffer for EPOLLOUT.
/// </summary>
internal sealed class BirdControl : IDisposable
{
    private const int MaxReadsPerWakeup = 16;
    private const int MaxPendingCommands = 64;
    private const int MaxUnsent = 4096;
    private readonly EventLoop _loop;
    private readonly SafeFd _socket;
    private readonly BirdReplyReader _reader = new();
    private readonly Queue<Action<BirdReply>> _waiting = new();
    private readonly List<BirdReply> _replies = [];
    private readonly Action<string> _closed;
    private byte[] _unsent = [];
    private bool _disposed;

    private BirdControl(EventLoop loop, SafeFd socket, Action<BirdReply> greeted, Action<string> closed)
    {
        _loop = loop;
        _socket = socket;
        _closed = closed;
        _waiting.Enqueue(greeted); // BIRD speaks first: "0001 BIRD 2.0.12 ready."
        loop.Register(socket, OnReadable, OnWritable);
    }

    /// <summary>Connections dropped for a malformed or unasked reply, since start (all connections).</summary>
    public static long Rejected { get; private set; }

    /// <summary>Connects, or returns null with the reason (BIRD not listening yet).</summary>
    public static BirdControl? Connect(EventLoop loop, string path, Action<BirdReply> greeted, Action<string> closed, out Errno error)
    {
        var socket = UnixClientSocket.Connect(path, out error);
        return socket is null ? null : new BirdControl(loop, socket, greeted, closed);
    }

    /// <summary>Sends one command line; <paramref name="answered"/> gets its reply. False when too many wait already.</summary>
    public bool Send(string command, Action<BirdReply> answered)
    {
        if (_disposed || _waiting.Count >= MaxPendingCommands)
        {
            return false;
        }

        _waiting.Enqueue(answered);
        Write(Encoding.ASCII.GetBytes(command + "\n"));
        return true;
    }

    public int Waiting => _waiting.Count;

    private void Write(byte[] data)
    {
        var buffer = _unsent.Length == 0 ? data : [.. _unsent, .. data];
        var written = StreamConnection.Write(_socket, buffer);
        if (written < 0)
        {
            Close("BIRD closed its control socket");
            return;
        }

        _unsent = buffer[written..];
        if (_unsent.Length > MaxUnsent)
        {
            Close($"BIRD does not read its control socket ({_unsent.Length} bytes waiting)");
            return;
        }

        _loop.Watch(_socket, readable: true, writable: _unsent.Length > 0);
    }

    private void OnWritable()
    {
        if (!_disposed && _unsent.Length > 0)
        {
            Write([]);
        }
    }

    private void OnReadable()
    {
        Span<byte> buffer = stackalloc byte[4096];
        for (var reads = 0; reads < MaxReadsPerWakeup && !_disposed; reads++)
        {
            var read = StreamConnection.Read(_socket, buffer);
            if (read < 0)
            {
                return; // nothing more now
            }

            if (read == 0)
            {
                Close("BIRD closed its control socket");
                return;
            }

            _replies.Clear();
            if (!_reader.Feed(buffer[..read], _replies))
            {
                Rejected++;
                Close($"BIRD's control socket sent {_reader.Error}");
                return;
            }

            foreach (var reply in _replies)
            {
                if (!_waiting.TryDequeue(out var answered))
                {
                    Rejected++;
                    Close($"BIRD answered a command that was not asked: '{reply.Text}'");
                    return;
                }

                answered(reply);
                if (_disposed)
                {
                    return;
                }
            }
        }
    }

    private void Close(string why)
    {
        if (_disposed)
        {
            return;
        }

        Dispose();
        _closed(why);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _waiting.Clear();
        _loop.Unregister(_socket, closing: true);
        _socket.Dispose();
    }
}
