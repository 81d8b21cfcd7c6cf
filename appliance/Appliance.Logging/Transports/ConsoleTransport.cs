using Appliance.Linux;
using Appliance.Linux.Terminal;
using Appliance.Logging.Sinks;
using Microsoft.Win32.SafeHandles;

namespace Appliance.Logging.Transports;

/// <summary>
/// Console lines to standard error, or to a device such as <c>/dev/console</c> (opened by
/// <see cref="ConsoleDevice.OpenForWriting"/>: writes may block, but only this sink's thread).
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
        SafeFileHandle handle;
        try
        {
            handle = ConsoleDevice.OpenForWriting(device);
        }
        catch (SystemCallException e)
        {
            failure = e.Message;
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
