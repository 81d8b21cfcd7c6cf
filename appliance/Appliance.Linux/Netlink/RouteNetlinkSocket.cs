namespace Appliance.Linux.Netlink;

/// <summary>
/// Requests to the kernel's routing netlink (NETLINK_ROUTE): links, addresses, routes. Each call sends one
/// request with a fresh sequence number and reads until its reply is complete (acknowledgement, single answer
/// or the end of a dump); failures become <see cref="SystemCallException"/> naming the operation and the errno.
/// </summary>
/// <remarks>
/// The socket acts in the network namespace of the thread that opened it, for its whole life, whichever thread
/// calls it later: open it on a thread that has entered the right namespace. Calls are serialised by a lock;
/// the intended owner is the one event loop. Notifications come on a separate socket: <see cref="OpenMonitor"/>.
/// </remarks>
public sealed partial class RouteNetlinkSocket : IDisposable
{
    private const int ReceiveBufferBytes = 1 << 20;
    private const int MaxDumpAttempts = 5;
    private const string InterfacePlaceholder = "{dev}";
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(10);

    private readonly NetlinkChannel _channel;
    private readonly byte[] _request = new byte[RouteRequest.MaxSize];
    private readonly Lock _gate = new();
    private uint _sequence;

    private RouteNetlinkSocket(NetlinkChannel channel) => _channel = channel;

    /// <summary>Opens a request socket in the calling thread's network namespace.</summary>
    public static RouteNetlinkSocket Open()
    {
        var channel = NetlinkChannel.Open(groups: 0, nonBlocking: false, ReceiveBufferBytes);
        try
        {
            // A reply that never comes (it cannot, short of a kernel bug) must not hang the event loop forever.
            channel.SetReceiveTimeout(ReplyTimeout);
            // Errors carry only the request's header, not the whole request, plus the kernel's explanation.
            channel.SetOption(Interop.SOL_NETLINK, Interop.NETLINK_CAP_ACK, 1, "netlink setsockopt NETLINK_CAP_ACK");
            channel.SetOption(Interop.SOL_NETLINK, Interop.NETLINK_EXT_ACK, 1, "netlink setsockopt NETLINK_EXT_ACK");
            return new RouteNetlinkSocket(channel);
        }
        catch
        {
            channel.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a non-blocking socket subscribed to <paramref name="groups"/> in the calling thread's network
    /// namespace; register <see cref="RouteNetlinkMonitor.Handle"/> with epoll and drain it with
    /// <see cref="RouteNetlinkMonitor.TryReadEvents"/>.
    /// </summary>
    public static RouteNetlinkMonitor OpenMonitor(RouteNetlinkGroups groups) => RouteNetlinkMonitor.Open(groups);

    /// <summary>The port id the kernel assigned to this socket.</summary>
    public uint PortId => _channel.PortId;

    /// <summary>Datagrams received so far (diagnostics: a long dump spans several).</summary>
    internal long DatagramsReceived => _channel.DatagramsReceived;

    public void Dispose() => _channel.Dispose();

    private uint NextSequence() => ++_sequence == 0 ? ++_sequence : _sequence;

    /// <summary>Sends the request in <see cref="_request"/> and reads until its reply is complete.</summary>
    private NetlinkReply Exchange(int length, uint sequence, ReplyKind kind, IReplyHandler? handler, string operation)
    {
        _channel.Send(_request.AsSpan(0, length), operation);
        var reply = new NetlinkReply(sequence, _channel.PortId, kind, handler);
        while (!reply.IsComplete)
        {
            switch (_channel.Receive(out var datagram, operation))
            {
                case ReceiveStatus.Datagram:
                    reply.Consume(datagram);
                    break;
                case ReceiveStatus.WouldBlock:
                    throw new SystemCallException(Errno.ETIMEDOUT, $"{operation}: no reply within {ReplyTimeout.TotalSeconds:0} s");
                case ReceiveStatus.Overflow:
                    // Our receive buffer overflowed, so part of this reply is lost.
                    throw new SystemCallException(Errno.ENOBUFS, $"{operation}: receive");
            }
        }

        return reply;
    }

    /// <summary>
    /// Throws unless the reply succeeded or failed with <paramref name="tolerated"/>; returns false for the
    /// tolerated error. <see cref="InterfacePlaceholder"/> in <paramref name="operation"/> becomes the name of
    /// <paramref name="interfaceIndex"/>, looked up only now that it is needed.
    /// </summary>
    private bool Check(NetlinkReply reply, string operation, int interfaceIndex = 0, Errno tolerated = Errno.None)
    {
        if (reply.DecodeError != NetlinkDecodeError.None)
        {
            throw new SystemCallException(Errno.EBADMSG, $"{Describe(operation, interfaceIndex)}: malformed reply ({reply.DecodeError})");
        }

        if (reply.Error == Errno.None)
        {
            return true;
        }

        if (reply.Error == tolerated)
        {
            return false;
        }

        throw new SystemCallException(reply.Error, Describe(operation, interfaceIndex), reply.KernelMessage);
    }

    /// <summary>Sends an acknowledged request built by <paramref name="build"/> and checks the answer.</summary>
    private bool Request(Func<uint, int> build, string operation, int interfaceIndex = 0, Errno tolerated = Errno.None)
    {
        lock (_gate)
        {
            var sequence = NextSequence();
            var reply = Exchange(build(sequence), sequence, ReplyKind.Acknowledgement, handler: null, operation);
            return Check(reply, operation, interfaceIndex, tolerated);
        }
    }

    /// <summary>
    /// Runs a dump to its end, again from the start when the kernel flags it NLM_F_DUMP_INTR (the table changed
    /// while it was being read, so the result may miss or repeat entries).
    /// </summary>
    private void Dump(Func<uint, int> build, IReplyHandler handler, string operation)
    {
        lock (_gate)
        {
            for (var attempt = 1; ; attempt++)
            {
                handler.Reset();
                var sequence = NextSequence();
                var reply = Exchange(build(sequence), sequence, ReplyKind.Dump, handler, operation);
                Check(reply, operation);
                if (!reply.DumpInterrupted)
                {
                    return;
                }

                if (attempt == MaxDumpAttempts)
                {
                    throw new SystemCallException(Errno.EAGAIN, $"{operation}: interrupted by concurrent changes {MaxDumpAttempts} times in a row");
                }
            }
        }
    }

    private string Describe(string operation, int interfaceIndex)
    {
        if (!operation.Contains(InterfacePlaceholder, StringComparison.Ordinal))
        {
            return operation;
        }

        string name;
        try
        {
            name = FindLink(interfaceIndex)?.Name ?? $"ifindex {interfaceIndex} (gone)";
        }
        catch (SystemCallException)
        {
            name = $"ifindex {interfaceIndex}";
        }

        return operation.Replace(InterfacePlaceholder, name, StringComparison.Ordinal);
    }
}
