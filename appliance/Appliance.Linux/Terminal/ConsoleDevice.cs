using Microsoft.Win32.SafeHandles;

namespace Appliance.Linux.Terminal;

/// <summary>A device such as <c>/dev/console</c> or a serial port, opened for log lines.</summary>
public static class ConsoleDevice
{
    /// <summary>
    /// Opens <paramref name="device"/> for blocking writes: with O_NOCTTY (as PID 1, a tty opened without it can become
    /// our controlling terminal, and its ^C our SIGINT) and with O_NONBLOCK (a serial port without carrier would block
    /// the open), which is then cleared, so writes may block, but only the writer's thread.
    /// </summary>
    public static SafeFileHandle OpenForWriting(string device)
    {
        int fd;
        do
        {
            fd = Interop.open_terminal(device, Interop.O_WRONLY | Interop.O_NOCTTY | Interop.O_NONBLOCK | Interop.O_CLOEXEC);
        }
        while (Interop.Interrupted(fd));

        if (fd < 0)
        {
            throw Interop.Failure($"{device}: open");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        var flags = Interop.fcntl_int(fd, Interop.F_GETFL, 0);
        if (flags < 0 || Interop.fcntl_int(fd, Interop.F_SETFL, flags & ~Interop.O_NONBLOCK) < 0)
        {
            var failure = Interop.Failure($"{device}: fcntl");
            handle.Dispose();
            throw failure;
        }

        return handle;
    }
}
