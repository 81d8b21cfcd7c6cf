using System.Runtime.InteropServices;
using Tmds.Linux;

namespace Appliance.Linux.Terminal;

/// <summary>
/// A terminal line (a serial port, a virtual console, a pty) or, for scripted use, a pipe standing in for one:
/// non-blocking reads and writes, raw mode entered and left, the window size, becoming the controlling terminal.
/// </summary>
/// <remarks>
/// A device is opened anew rather than borrowed from stdin: O_NONBLOCK then belongs to our own open file
/// description, not to the one a parent or a later shell shares. It is opened with O_NOCTTY (so a plain open never
/// makes it our controlling terminal) and O_NONBLOCK (a serial port without carrier would block the open).
/// Raw mode is left with TCSANOW, never TCSADRAIN: draining waits for output a stopped or unplugged line may never
/// take.
/// </remarks>
public sealed unsafe class TerminalDevice : IDisposable
{
    private readonly SafeFd _fd;
    private readonly bool _owned;
    private readonly int _originalFlags;
    private Interop.termios _saved;
    private bool _raw;

    private TerminalDevice(SafeFd fd, bool owned, string path, bool isTerminal, int originalFlags)
    {
        _fd = fd;
        _owned = owned;
        Path = path;
        IsTerminal = isTerminal;
        _originalFlags = originalFlags;
    }

    /// <summary>The device path (/dev/ttyS0), or "stdin"/"stdout" for descriptors that are not terminals.</summary>
    public string Path { get; }

    public bool IsTerminal { get; }

    public bool IsRaw => _raw;

    /// <summary>The descriptor, to register in an event loop.</summary>
    public SafeFd Handle => _fd;

    /// <summary>Opens a terminal device: a path, or a bare name under /dev (ttyS0, tty1, pts/3).</summary>
    public static TerminalDevice Open(string device)
    {
        var path = device.StartsWith('/') ? device : "/dev/" + device;
        int fd;
        do
        {
            fd = Interop.open_terminal(path, Interop.O_RDWR | Interop.O_NOCTTY | Interop.O_NONBLOCK | Interop.O_CLOEXEC);
        }
        while (Interop.Interrupted(fd));
        if (fd == -1)
        {
            throw Interop.Failure($"open {path}");
        }

        var handle = SafeFd.Own(fd);
        if (Interop.isatty(fd) != 1)
        {
            var errno = Interop.LastErrno;
            handle.Dispose();
            throw new SystemCallException(errno, $"{path} is not a terminal");
        }

        return new TerminalDevice(handle, owned: true, path, isTerminal: true, originalFlags: -1);
    }

    /// <summary>
    /// A descriptor we did not open (stdin, stdout), used through a duplicate: made non-blocking until
    /// <see cref="Dispose"/>, which restores its flags and leaves the original open. Use for pipes and files; a terminal is better reopened with <see cref="Open"/>.
    /// </summary>
    public static TerminalDevice Borrow(int fd, string name)
    {
        var flags = Interop.fcntl_int(fd, Interop.F_GETFL, 0);
        if (flags == -1)
        {
            throw Interop.Failure($"fcntl F_GETFL {name}");
        }

        if ((flags & Interop.O_NONBLOCK) == 0 && Interop.fcntl_int(fd, Interop.F_SETFL, flags | Interop.O_NONBLOCK) == -1)
        {
            throw Interop.Failure($"fcntl F_SETFL O_NONBLOCK {name}");
        }

        // A duplicate of our own: closing it (also from a finalizer) never closes the caller's stdin or stdout.
        var duplicate = Interop.fcntl_int(fd, Interop.F_DUPFD_CLOEXEC, 0);
        if (duplicate == -1)
        {
            throw Interop.Failure($"fcntl F_DUPFD_CLOEXEC {name}");
        }

        return new TerminalDevice(SafeFd.Own(duplicate), owned: false, name, IsTerminalDescriptor(fd), flags);
    }

    public static bool IsTerminalDescriptor(int fd) => Interop.isatty(fd) == 1;

    /// <summary>The device path of a terminal descriptor (ttyname_r), or null when it is not a terminal.</summary>
    public static string? NameOf(int fd)
    {
        var buffer = stackalloc byte[256];
        return Interop.ttyname_r(fd, buffer, 256) == 0 ? Marshal.PtrToStringUTF8((nint)buffer) : null;
    }

    /// <summary>The window size, or null when the kernel does not know it (a serial port says 0x0).</summary>
    public TerminalSize? Size()
    {
        if (!IsTerminal)
        {
            return null;
        }

        Interop.winsize size;
        using var lease = _fd.Borrow();
        if (Interop.ioctl_winsize(lease.Value, Interop.TIOCGWINSZ, &size) == -1 || size.ws_col == 0 || size.ws_row == 0)
        {
            return null;
        }

        return new TerminalSize(size.ws_col, size.ws_row);
    }

    /// <summary>The line's output speed in bits per second (9600, 115200), or null when unknown or a pty's nominal one.</summary>
    public int? Baud()
    {
        if (!IsTerminal)
        {
            return null;
        }

        Interop.termios attributes;
        using var lease = _fd.Borrow();
        if (Interop.tcgetattr(lease.Value, &attributes) == -1)
        {
            return null;
        }

        return Interop.cfgetospeed(&attributes) switch
        {
            0xb => 2400,
            0xc => 4800,
            0xd => 9600,
            0xe => 19200,
            0xf => 38400,
            0x1001 => 57600,
            0x1002 => 115200,
            0x1003 => 230400,
            _ => null,
        };
    }

    /// <summary>
    /// Raw input for a full-screen program: no echo, no line editing, no signals from ^C/^Z (they arrive as bytes),
    /// CR not turned into LF, output not post-processed (we write CR LF ourselves). Left as they are: the speed,
    /// character size and parity of a serial line (c_cflag), and XON/XOFF flow control, which a slow terminal may
    /// rely on to pace us. A BREAK arrives as a NUL byte.
    /// </summary>
    public void EnterRawMode()
    {
        if (!IsTerminal || _raw)
        {
            return;
        }

        using var lease = _fd.Borrow();
        Interop.termios attributes;
        if (Interop.tcgetattr(lease.Value, &attributes) == -1)
        {
            throw Interop.Failure($"tcgetattr {Path}");
        }

        _saved = attributes;
        attributes.c_iflag &= ~(Interop.IGNBRK | Interop.BRKINT | Interop.PARMRK | Interop.ISTRIP | Interop.INLCR | Interop.IGNCR | Interop.ICRNL);
        attributes.c_oflag &= ~Interop.OPOST;
        attributes.c_lflag &= ~(Interop.ECHO | Interop.ECHONL | Interop.ICANON | Interop.ISIG | Interop.IEXTEN);
        attributes.c_cc[Interop.VMIN] = 1;
        attributes.c_cc[Interop.VTIME] = 0;
        int result;
        do
        {
            result = Interop.tcsetattr(lease.Value, Interop.TCSANOW, &attributes);
        }
        while (Interop.Interrupted(result));
        if (result == -1)
        {
            throw Interop.Failure($"tcsetattr raw {Path}");
        }

        _raw = true;
    }

    /// <summary>Puts back the modes found by <see cref="EnterRawMode"/>. False when the line is gone (nothing to restore then).</summary>
    public bool RestoreMode()
    {
        if (!_raw || _fd.IsClosed)
        {
            return true;
        }

        _raw = false;
        using var lease = _fd.Borrow();
        var saved = _saved;
        int result;
        do
        {
            result = Interop.tcsetattr(lease.Value, Interop.TCSANOW, &saved);
        }
        while (Interop.Interrupted(result));
        return result == 0;
    }

    /// <summary>
    /// Makes this terminal the controlling terminal of a new session led by this process (setsid, TIOCSCTTY), so a
    /// hangup (carrier lost) arrives as SIGHUP and a shell started from the console gets a terminal of its own.
    /// False, with the reason, when this process already leads a process group or the terminal belongs to another
    /// session; the console works without it.
    /// </summary>
    public bool TryBecomeControllingTerminal(out string? why)
    {
        if (!IsTerminal)
        {
            why = $"{Path} is not a terminal";
            return false;
        }

        if (Interop.getsid(0) != Environment.ProcessId && Interop.setsid() == -1)
        {
            why = $"setsid: {SystemCallException.Describe(Interop.LastErrno)}";
            return false;
        }

        using var lease = _fd.Borrow();
        if (Interop.ioctl_int(lease.Value, Interop.TIOCSCTTY, 0) == -1)
        {
            why = $"TIOCSCTTY {Path}: {SystemCallException.Describe(Interop.LastErrno)}";
            return false;
        }

        why = null;
        return true;
    }

    public TerminalIo Read(Span<byte> buffer)
    {
        long result;
        using var lease = _fd.Borrow();
        fixed (byte* p = buffer)
        {
            do
            {
                result = LibC.read(lease.Value, p, buffer.Length);
            }
            while (Interop.Interrupted(result));
        }

        return Outcome(result);
    }

    public TerminalIo Write(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return new TerminalIo(TerminalIoStatus.Done, 0);
        }

        long result;
        using var lease = _fd.Borrow();
        fixed (byte* p = data)
        {
            do
            {
                result = LibC.write(lease.Value, p, data.Length);
            }
            while (Interop.Interrupted(result));
        }

        return Outcome(result);
    }

    private static TerminalIo Outcome(long result)
    {
        if (result > 0)
        {
            return new TerminalIo(TerminalIoStatus.Done, (int)result);
        }

        if (result == 0)
        {
            return new TerminalIo(TerminalIoStatus.EndOfFile, 0);
        }

        var errno = Interop.LastErrno;
        return errno == Errno.EAGAIN
            ? new TerminalIo(TerminalIoStatus.WouldBlock, 0, errno)
            : new TerminalIo(TerminalIoStatus.HungUp, 0, errno);
    }

    public void Dispose()
    {
        RestoreMode();
        if (!_owned && !_fd.IsClosed && _originalFlags >= 0)
        {
            // The flags live in the open file description the caller shares with us: give them back.
            using var lease = _fd.Borrow();
            Interop.fcntl_int(lease.Value, Interop.F_SETFL, _originalFlags);
        }

        _fd.Dispose();
    }
}
