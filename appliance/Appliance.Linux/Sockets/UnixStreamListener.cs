using System.Text;
using Tmds.Linux;

namespace Appliance.Linux.Sockets;

/// <summary>
/// A listening unix stream socket for the control protocol: non-blocking, close-on-exec, created with mode 0600 so
/// that only root talks to the supervisor. A stale socket file from a crashed run is replaced.
/// </summary>
public sealed unsafe class UnixStreamListener : IDisposable
{
    private UnixStreamListener(SafeFd handle, string path)
    {
        Handle = handle;
        Path = path;
    }

    public SafeFd Handle { get; }

    public string Path { get; }

    public static UnixStreamListener Listen(string path, int backlog = 16)
    {
        var address = new sockaddr_un { sun_family = LibC.AF_UNIX };
        var bytes = Encoding.UTF8.GetBytes(path);
        if (bytes.Length >= 108)
        {
            throw new ArgumentException($"socket path {path} is longer than 107 bytes");
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            address.sun_path[i] = bytes[i];
        }

        var fd = LibC.socket(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0);
        if (fd == -1)
        {
            throw Interop.Failure($"socket(AF_UNIX) for {path}");
        }

        var handle = SafeFd.Own(fd);
        try
        {
            File.Delete(path);

            // The umask decides the mode bind gives the file; make it 0600 before anyone can connect.
            var old = LibC.umask(0x3F);
            int bound;
            try
            {
                bound = LibC.bind(fd, (sockaddr*)&address, (uint)sizeof(sockaddr_un));
            }
            finally
            {
                LibC.umask(old);
            }

            if (bound == -1)
            {
                throw Interop.Failure($"bind {path}");
            }

            if (LibC.listen(fd, backlog) == -1)
            {
                throw Interop.Failure($"listen on {path}");
            }

            return new UnixStreamListener(handle, path);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The next pending connection (non-blocking), or null when none waits.</summary>
    public SafeFd? Accept()
    {
        using var lease = Handle.Borrow();
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
        return errno is Errno.EAGAIN or Errno.ECONNABORTED ? null : throw new SystemCallException(errno, $"accept on {Path}");
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
        return errno == Errno.EAGAIN ? -1 : errno == Errno.ECONNRESET ? 0 : throw new SystemCallException(errno, "read from a control connection");
    }

    /// <summary>Writes without blocking; returns false when the peer does not take it all (it is then dropped).</summary>
    public static bool TryWrite(SafeFd connection, ReadOnlySpan<byte> data)
    {
        using var lease = connection.Borrow();
        while (!data.IsEmpty)
        {
            long sent;
            fixed (byte* bytes = data)
            {
                do
                {
                    sent = LibC.send(lease.Value, bytes, data.Length, LibC.MSG_NOSIGNAL);
                }
                while (Interop.Interrupted(sent));
            }

            if (sent <= 0)
            {
                return false;
            }

            data = data[(int)sent..];
        }

        return true;
    }

    public void Dispose()
    {
        Handle.Dispose();
        File.Delete(Path);
    }
}
