namespace Appliance.Linux.Processes;

/// <summary>How to start a child.</summary>
public sealed record SpawnOptions
{
    /// <summary>Absolute path of the program (no PATH search: the supervisor knows what it runs).</summary>
    public required string File { get; init; }

    /// <summary>argv[1..]; argv[0] is the file's name.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The whole environment of the child; null inherits ours.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>
    /// Put the child in a process group of its own, so that the group (nginx's master and its workers) can be
    /// signalled as one, and so that a terminal's Ctrl-C does not reach it.
    /// </summary>
    public bool NewProcessGroup { get; init; }

    /// <summary>Capture stdout and stderr through pipes (read them with <see cref="ChildProcess.Output"/>); else /dev/null.</summary>
    public bool CaptureOutput { get; init; } = true;

    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// Descriptors handed to the child as 3, 4, 5, ... in this order, open and without close-on-exec (nginx's
    /// inherited listening sockets). Our copies stay open: the child's death does not close them.
    /// </summary>
    public IReadOnlyList<SafeFd> PassDescriptors { get; init; } = [];

    /// <summary>
    /// A terminal device (/dev/ttyS0) for stdin, stdout and stderr: the child starts a session of its own and the
    /// terminal becomes its controlling terminal, as a getty would arrange. Output is then not captured.
    /// </summary>
    public string? Terminal { get; init; }
}
