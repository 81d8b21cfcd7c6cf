namespace Appliance.Linux.Terminal;

public enum TerminalIoStatus
{
    /// <summary><see cref="TerminalIo.Bytes"/> were moved (at least one).</summary>
    Done,

    /// <summary>Nothing to read, or no room to write (EAGAIN): a slow or stopped line, try again later.</summary>
    WouldBlock,

    /// <summary>read returned 0: the other end closed the stream.</summary>
    EndOfFile,

    /// <summary>The line is gone (EIO after a hangup, EPIPE, ENXIO): the cable was pulled or the pty master closed.</summary>
    HungUp,
}

/// <summary>The outcome of one non-blocking read or write on a terminal (or the pipe that stands in for one).</summary>
public readonly record struct TerminalIo(TerminalIoStatus Status, int Bytes, Errno Errno = Errno.None)
{
    public override string ToString() => Status switch
    {
        TerminalIoStatus.Done => $"{Bytes} bytes",
        TerminalIoStatus.HungUp => $"hung up: {SystemCallException.Describe(Errno)}",
        _ => Status.ToString(),
    };
}

/// <summary>Rows and columns as the kernel's window size says.</summary>
public readonly record struct TerminalSize(int Columns, int Rows)
{
    public override string ToString() => $"{Columns}x{Rows}";
}
