using System.Text;
using Tmds.Linux;

namespace Appliance.Linux.Sockets;

/// <summary>
/// A non-blocking client connection to a unix stream socket (BIRD's control socket), for the event loop: connect
/// never waits, and the data moves through <see cref="StreamConnection"/>. A socket file that is not there yet
/// (ENOENT) or not listening yet (ECONNREFUSED) is an answer, not an exception: the daemon is still starting.
/// </summary>
public static unsafe class UnixClientSocket
{
    /// <summary>A unix socket address; the path must fit sun_path with its terminating NUL.</summary>
    internal static sockaddr_un Address(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path);
        if (bytes.Length >= 108)
        {
            throw new ArgumentException($"socket path {path} is longer than 107 bytes");
        }

        var address = new sockaddr_un { sun_family = LibC.AF_UNIX };
        for (var i = 0; i < bytes.Length; i++)
        {
            address.sun_path[i] = bytes[i];
        }

        return address;
    }

    /// <summary>A non-blocking, close-on-exec unix stream socket.</summary>
    internal static int Socket(string path)
    {
        var fd = LibC.socket(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0);
        return fd == -1 ? throw Interop.Failure($"socket(AF_UNIX) for {path}") : fd;
    }

    /// <returns>The connected socket, or null with <paramref name="error"/>.</returns>
    public static SafeFd? Connect(string path, out Errno error)
    {
        var address = Address(path);
        var fd = Socket(path);
        var handle = SafeFd.Own(fd);
        int result;
        do
        {
            result = LibC.connect(fd, (sockaddr*)&address, (uint)sizeof(sockaddr_un));
        }
        while (Interop.Interrupted(result));

        // A unix stream connect completes at once or fails; EAGAIN means the listener's backlog is full.
        error = result == -1 ? Interop.LastErrno : 0;
        if (result == -1)
        {
            handle.Dispose();
            return null;
        }

        return handle;
    }
}
