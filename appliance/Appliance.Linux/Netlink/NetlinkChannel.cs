using Tmds.Linux;

namespace Appliance.Linux.Netlink;

/// <summary>What one receive brought.</summary>
internal enum ReceiveStatus
{
    Datagram,
    /// <summary>Non-blocking socket: nothing is queued. Blocking socket: SO_RCVTIMEO ran out.</summary>
    WouldBlock,
    /// <summary>ENOBUFS: the kernel dropped messages because the receive buffer was full.</summary>
    Overflow,
}

/// <summary>
/// A bound NETLINK_ROUTE socket: the thin libc part shared by requests and monitors. The socket belongs to the
/// network namespace of the thread that creates it, for its whole life, whichever thread uses it later.
/// </summary>
internal sealed unsafe class NetlinkChannel : IDisposable
{
    private byte[] _buffer = new byte[64 * 1024];

    private NetlinkChannel(SafeFd handle, uint portId)
    {
        Handle = handle;
        PortId = portId;
    }

    public SafeFd Handle { get; }

    /// <summary>The port id the kernel gave our socket; replies to our requests carry it in nlmsg_pid.</summary>
    public uint PortId { get; }

    /// <summary>Datagrams received from the kernel (a dump of many entries spans several).</summary>
    public long DatagramsReceived { get; private set; }

    /// <summary>Datagrams dropped because they did not come from the kernel (port id 0).</summary>
    public long ForeignDatagrams { get; private set; }

    public static NetlinkChannel Open(uint groups, bool nonBlocking, int receiveBufferBytes)
    {
        var type = LibC.SOCK_RAW | LibC.SOCK_CLOEXEC | (nonBlocking ? LibC.SOCK_NONBLOCK : 0);
        var fd = LibC.socket(Interop.AF_NETLINK, type, Interop.NETLINK_ROUTE);
        if (fd == -1)
        {
            throw Interop.Failure("netlink socket(AF_NETLINK, NETLINK_ROUTE)");
        }

        var handle = SafeFd.Own(fd);
        try
        {
            // SO_RCVBUFFORCE may exceed net.core.rmem_max but needs CAP_NET_ADMIN; without it take what rmem_max allows.
            if (!TrySetOption(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUFFORCE, receiveBufferBytes))
            {
                SetOption(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, receiveBufferBytes, "netlink setsockopt SO_RCVBUF");
            }

            var address = new Interop.sockaddr_nl { nl_family = Interop.AF_NETLINK, nl_groups = groups };
            if (LibC.bind(fd, (sockaddr*)&address, (uint)sizeof(Interop.sockaddr_nl)) == -1)
            {
                throw Interop.Failure($"netlink bind (groups 0x{groups:x})");
            }

            var length = (socklen_t)(uint)sizeof(Interop.sockaddr_nl);
            if (LibC.getsockname(fd, (sockaddr*)&address, &length) == -1)
            {
                throw Interop.Failure("netlink getsockname");
            }

            return new NetlinkChannel(handle, address.nl_pid);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public void SetOption(int level, int name, int value, string operation)
    {
        using var fd = Handle.Borrow();
        SetOption(fd.Value, level, name, value, operation);
    }

    /// <summary>SO_RCVTIMEO: a blocking receive gives up (EAGAIN) after this long.</summary>
    public void SetReceiveTimeout(TimeSpan timeout)
    {
        using var fd = Handle.Borrow();
        // struct timeval { time_t tv_sec; suseconds_t tv_usec; }: two longs on 64-bit Linux.
        var timeval = stackalloc long[2];
        timeval[0] = (long)timeout.TotalSeconds;
        timeval[1] = timeout.Milliseconds * 1000L;
        if (LibC.setsockopt(fd.Value, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, timeval, (uint)(2 * sizeof(long))) == -1)
        {
            throw Interop.Failure("netlink setsockopt SO_RCVTIMEO");
        }
    }

    /// <summary>Sends one or more messages to the kernel (port 0) as one datagram.</summary>
    public void Send(ReadOnlySpan<byte> datagram, string operation)
    {
        using var fd = Handle.Borrow();
        var kernel = new Interop.sockaddr_nl { nl_family = Interop.AF_NETLINK };
        long sent;
        fixed (byte* bytes = datagram)
        {
            do
            {
                sent = LibC.sendto(fd.Value, bytes, datagram.Length, 0, (sockaddr*)&kernel, (uint)sizeof(Interop.sockaddr_nl));
            }
            while (Interop.Interrupted(sent));
        }

        if (sent == -1)
        {
            throw Interop.Failure($"{operation}: send");
        }
    }

    /// <summary>
    /// The next datagram from the kernel, valid until the next call. The buffer grows to fit: the size is
    /// peeked first (MSG_PEEK | MSG_TRUNC gives the full length) so that no datagram is ever cut short.
    /// </summary>
    public ReceiveStatus Receive(out ReadOnlySpan<byte> datagram, string operation)
    {
        using var fd = Handle.Borrow();
        while (true)
        {
            datagram = default;
            var length = Recv(fd.Value, LibC.MSG_PEEK | LibC.MSG_TRUNC, null);
            if (length == -1)
            {
                return Failed(operation);
            }

            if (length > _buffer.Length)
            {
                _buffer = new byte[Interop.NLMSG_ALIGN((int)length)];
            }

            var from = default(Interop.sockaddr_nl);
            length = Recv(fd.Value, 0, &from);
            if (length == -1)
            {
                return Failed(operation);
            }

            // Only the kernel speaks for itself; another process with CAP_NET_ADMIN could send to our port.
            if (from.nl_pid != 0)
            {
                ForeignDatagrams++;
                continue;
            }

            DatagramsReceived++;
            datagram = _buffer.AsSpan(0, (int)length);
            return ReceiveStatus.Datagram;
        }
    }

    public void Dispose() => Handle.Dispose();

    private long Recv(int fd, int flags, Interop.sockaddr_nl* from)
    {
        long length;
        var fromLength = (socklen_t)(uint)sizeof(Interop.sockaddr_nl);
        fixed (byte* bytes = _buffer)
        {
            do
            {
                length = LibC.recvfrom(fd, bytes, _buffer.Length, flags, (sockaddr*)from, from == null ? null : &fromLength);
            }
            while (Interop.Interrupted(length));
        }

        return length;
    }

    private static ReceiveStatus Failed(string operation)
    {
        var errno = Interop.LastErrno;
        return errno switch
        {
            Errno.EAGAIN => ReceiveStatus.WouldBlock,
            Errno.ENOBUFS => ReceiveStatus.Overflow,
            _ => throw new SystemCallException(errno, $"{operation}: receive"),
        };
    }

    private static bool TrySetOption(int fd, int level, int name, int value) =>
        LibC.setsockopt(fd, level, name, &value, sizeof(int)) == 0;

    private static void SetOption(int fd, int level, int name, int value, string operation)
    {
        if (!TrySetOption(fd, level, name, value))
        {
            throw Interop.Failure(operation);
        }
    }
}
