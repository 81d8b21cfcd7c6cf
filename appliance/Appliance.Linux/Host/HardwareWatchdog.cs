using System.Text;
using Tmds.Linux;

namespace Appliance.Linux.Host;

/// <summary>
/// The kernel's watchdog device (<c>/dev/watchdog</c>, Documentation/watchdog/watchdog-api.rst). Opening it arms the
/// timer; every keepalive restarts it; when it runs out the hardware resets the machine. Closing it leaves it armed
/// unless a 'V' was written first (the "magic close"), and a driver built with nowayout never disarms.
/// </summary>
public sealed unsafe class HardwareWatchdog : IDisposable
{
    private readonly SafeFd _fd;

    private HardwareWatchdog(SafeFd fd, string path)
    {
        _fd = fd;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Opens (and so arms) the device.</summary>
    public static HardwareWatchdog Open(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        int fd;
        fixed (byte* p = bytes)
        {
            fd = LibC.open(p, LibC.O_WRONLY | LibC.O_CLOEXEC, 0);
        }

        return fd == -1 ? throw Interop.Failure($"open {path}") : new HardwareWatchdog(SafeFd.Own(fd), path);
    }

    /// <summary>The driver's name (WDIOC_GETSUPPORT), e.g. "i6300ESB timer"; null when it does not say.</summary>
    public string? Identity()
    {
        var info = default(Interop.watchdog_info);
        if (Interop.ioctl_ptr(_fd.Value, Interop.WDIOC_GETSUPPORT, &info) == -1)
        {
            return null;
        }

        var span = new ReadOnlySpan<byte>(info.identity, 32);
        var end = span.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? span : span[..end]);
    }

    /// <summary>Asks for a timeout in seconds (WDIOC_SETTIMEOUT); returns what the driver made of it.</summary>
    public int SetTimeout(int seconds)
    {
        var value = seconds;
        return Interop.ioctl_ptr(_fd.Value, Interop.WDIOC_SETTIMEOUT, &value) == -1
            ? throw Interop.Failure($"WDIOC_SETTIMEOUT {seconds} s on {Path}")
            : value;
    }

    /// <summary>The timeout in force (WDIOC_GETTIMEOUT), in seconds.</summary>
    public int GetTimeout()
    {
        var value = 0;
        return Interop.ioctl_ptr(_fd.Value, Interop.WDIOC_GETTIMEOUT, &value) == -1
            ? throw Interop.Failure($"WDIOC_GETTIMEOUT on {Path}")
            : value;
    }

    /// <summary>Restarts the countdown (WDIOC_KEEPALIVE).</summary>
    public void Keepalive()
    {
        var ignored = 0;
        if (Interop.ioctl_ptr(_fd.Value, Interop.WDIOC_KEEPALIVE, &ignored) == -1)
        {
            throw Interop.Failure($"WDIOC_KEEPALIVE on {Path}");
        }
    }

    /// <summary>Disarms it the documented way: 'V', then close. A nowayout driver stays armed regardless.</summary>
    public void MagicClose()
    {
        var v = (byte)'V';
        // errno before close(2) can change it.
        var failure = LibC.write(_fd.Value, &v, 1) == 1 ? null : Interop.Failure($"magic close of {Path}");
        _fd.Dispose();
        if (failure is not null)
        {
            throw failure;
        }
    }

    /// <summary>Closes without the magic character: the timer keeps running and resets the machine unless fed.</summary>
    public void Dispose() => _fd.Dispose();
}
