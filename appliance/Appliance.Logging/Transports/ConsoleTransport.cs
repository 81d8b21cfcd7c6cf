using System.Runtime.InteropServices;
using Appliance.Logging.Interop;
using Appliance.Logging.Sinks;
using Microsoft.Win32.SafeHandles;

namespace Appliance.Logging.Transports;

/// <summary>
/// Console lines to standard error, or to a device such as <c>/dev/console</c>. A device is opened with O_NOCTTY
/// (as PID 1, a tty opened without it can become our controlling terminal, and its ^C our SIGINT) and with
/// O_NONBLOCK (a serial port without carrier would block the open), which is then cleared: writes may block,
/// but only this sink's thread.
/// </summary>
internal sealed class ConsoleTransport(string? device) : IMessageTransport
{
    public const int MaxLineBytes = 4096;

    private Stream? _stream;

    public string Name => device is null ? "console stderr" : "console " + device;

    public int MaxMessageBytes => MaxLineBytes;

    public bool TryOpen(out string? failure)
    {
        Close();
        if (device is null)
        {
            _stream = Console.OpenStandardError();
            failure = null;
            return true;
        }
        int fd;
        do
        {
            fd = Libc.open(device, Libc.O_WRONLY | Libc.O_NOCTTY | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR);
        if (fd < 0)
        {
            failure = $"{device}: open: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}";
            return false;
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        int flags = Libc.fcntl(fd, Libc.F_GETFL, 0);
        if (flags < 0 || Libc.fcntl(fd, Libc.F_SETFL, flags & ~Libc.O_NONBLOCK) < 0)
        {
            failure = $"{device}: fcntl: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}";
            handle.Dispose();
            return false;
        }
        _stream = new FileStream(handle, FileAccess.Write, bufferSize: 0);
        failure = null;
        return true;
    }

    public SendOutcome Send(ReadOnlySpan<byte> message, out string? failure)
    {
        if (_stream is null)
        {
            failure = "not open";
            return SendOutcome.Down;
        }
        try
        {
            _stream.Write(message);
            failure = null;
            return SendOutcome.Sent;
        }
        catch (IOException e)
        {
            failure = $"{Name}: {e.Message}";
            return SendOutcome.Down;
        }
    }

    public void Close()
    {
        try
        {
            _stream?.Dispose();
        }
        catch (IOException)
        {
            // Closing a device that failed may fail again; there is nothing left to save.
        }
        _stream = null;
    }

    public void Dispose() => Close();
}
