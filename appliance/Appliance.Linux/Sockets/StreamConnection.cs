using Tmds.Linux;

namespace Appliance.Linux.Sockets;

/// <summary>
/// A connected stream socket (unix or TCP) on the event loop: accepted, read and written without ever blocking, with
/// the errno cases a server meets every day (EAGAIN, a peer that reset or went away) turned into return values.
/// </summary>
public static unsafe class StreamConnection
{
    /// <summary>The next pending connection (non-blocking), or null when none waits.</summary>
    public static SafeFd? Accept(SafeFd listener, string what)
    {
        using var lease = listener.Borrow();
        int fd;
        do
        {
            fd = LibC.accept4(lease.Value, null, null, LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC);
        }
        while (Interop.Interrupted(fd));

        if (fd != -1)
        {
            return SafeFd.Own(fd);
        }

        var errno = Interop.LastErrno;
        return errno is Errno.EAGAIN or Errno.ECONNABORTED ? null : throw new SystemCallException(errno, $"accept on {what}");
    }

    /// <summary>Reads what a connection sent: bytes read, 0 at end of stream, -1 when nothing is there now.</summary>
    public static int Read(SafeFd connection, Span<byte> buffer)
    {
        using var lease = connection.Borrow();
        long read;
        fixed (byte* bytes = buffer)
        {
            do
            {
                read = LibC.recv(lease.Value, bytes, buffer.Length, 0);
            }
            while (Interop.Interrupted(read));
        }

        if (read >= 0)
        {
            return (int)read;
        }

        var errno = Interop.LastErrno;
        return errno == Errno.EAGAIN ? -1 : errno == Errno.ECONNRESET ? 0 : throw new SystemCallException(errno, "read from a stream connection");
    }

    /// <summary>
    /// Writes what the peer's socket buffer takes now, without blocking: bytes written (0 when the buffer is full),
    /// or -1 when the peer is gone (EPIPE, ECONNRESET).
    /// </summary>
    public static int Write(SafeFd connection, ReadOnlySpan<byte> data)
    {
        using var lease = connection.Borrow();
        long sent;
        fixed (byte* bytes = data)
        {
            do
            {
                sent = LibC.send(lease.Value, bytes, data.Length, LibC.MSG_NOSIGNAL);
            }
            while (Interop.Interrupted(sent));
        }

        if (sent >= 0)
        {
            return (int)sent;
        }

        var errno = Interop.LastErrno;
        return errno == Errno.EAGAIN ? 0 : errno is Errno.EPIPE or Errno.ECONNRESET ? -1 : throw new SystemCallException(errno, "write to a stream connection");
    }
}
