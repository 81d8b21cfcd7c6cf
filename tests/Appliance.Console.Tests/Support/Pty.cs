using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Appliance.ConsoleUi.Tests.Support;

/// <summary>
/// A pseudo-terminal pair (posix_openpt, grantpt, unlockpt, ptsname_r): the test holds the master, as a person's
/// terminal would, and the console opens the slave by its path. Closing the master is pulling the cable.
/// </summary>
internal sealed unsafe partial class Pty : IDisposable
{
    private const int ORdwr = 0x2;
    private const int ONoctty = 0x100;
    private const int OCloexec = 0x80000;
    private const uint Tiocswinsz = 0x5414;
    private readonly SafeFileHandle _master;

    private Pty(SafeFileHandle master, string slavePath)
    {
        _master = master;
        SlavePath = slavePath;
    }

    public string SlavePath { get; }

    public bool Closed => _master.IsClosed;

    /// <param name="columns">0 with <paramref name="rows"/> 0: the size is unknown, as on a serial line.</param>
    public static Pty Open(int columns = 80, int rows = 24)
    {
        // Close-on-exec: a master inherited by the console (or any child) would keep the line up after HangUp.
        var fd = posix_openpt(ORdwr | ONoctty | OCloexec);
        if (fd < 0)
        {
            throw new InvalidOperationException($"posix_openpt: errno {Marshal.GetLastPInvokeError()}");
        }

        var master = new SafeFileHandle(fd, ownsHandle: true);
        var name = stackalloc byte[128];
        if (grantpt(fd) != 0 || unlockpt(fd) != 0 || ptsname_r(fd, name, 128) != 0)
        {
            master.Dispose();
            throw new InvalidOperationException($"grantpt/unlockpt/ptsname_r: errno {Marshal.GetLastPInvokeError()}");
        }

        var pty = new Pty(master, Marshal.PtrToStringUTF8((nint)name)!);
        pty.Resize(columns, rows);
        return pty;
    }

    public void Resize(int columns, int rows)
    {
        var size = stackalloc ushort[4] { (ushort)rows, (ushort)columns, 0, 0 };
        if (ioctl(_master.DangerousGetHandle().ToInt32(), Tiocswinsz, size) != 0)
        {
            throw new InvalidOperationException($"TIOCSWINSZ: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>What the console wrote: 0 when nothing came within <paramref name="wait"/>, -1 once the slave side is gone (EIO).</summary>
    public int Read(Span<byte> buffer, TimeSpan wait)
    {
        var fd = _master.DangerousGetHandle().ToInt32();
        var poll = stackalloc int[2] { fd, 1 };
        var ready = poll_fd(poll, 1, (int)wait.TotalMilliseconds);
        if (ready == 0 || (ready < 0 && Marshal.GetLastPInvokeError() == 4))
        {
            return 0;
        }

        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = read(fd, p, buffer.Length);
                if (n > 0)
                {
                    return (int)n;
                }

                if (n == 0 || Marshal.GetLastPInvokeError() != 4)
                {
                    return -1;
                }
            }
        }
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        fixed (byte* p = bytes)
        {
            var done = 0;
            while (done < bytes.Length)
            {
                var n = write(_master.DangerousGetHandle().ToInt32(), p + done, bytes.Length - done);
                if (n < 0)
                {
                    if (Marshal.GetLastPInvokeError() == 4)
                    {
                        continue;
                    }

                    throw new IOException($"write to the pty master: errno {Marshal.GetLastPInvokeError()}");
                }

                done += (int)n;
            }
        }
    }

    public void Dispose() => _master.Dispose();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int posix_openpt(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int grantpt(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int unlockpt(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ptsname_r(int fd, byte* buf, nuint buflen);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ioctl(int fd, nuint request, ushort* size);

    /// <summary>poll(2) over one struct pollfd { int fd; short events; short revents; } laid out as two ints.</summary>
    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int poll_fd(int* fds, nuint nfds, int timeout);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint read(int fd, byte* buf, nint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint write(int fd, byte* buf, nint count);
}
