using System.Runtime.InteropServices;
using System.Text;
using Tmds.Linux;

namespace Appliance.Linux.Processes;

/// <summary>
/// A child started with posix_spawn. The supervisor does not use System.Diagnostics.Process: as PID 1 the runtime
/// would then reap every child itself and race our own reaping (.NET's SIGCHLD handling). Instead the exit is seen through a
/// pidfd (readable when the child ends, registered in the event loop) and collected by <see cref="ChildReaper"/>,
/// and signals go through the pidfd so that a recycled pid is never hit.
/// </summary>
public sealed unsafe class ChildProcess : IDisposable
{
    private ChildProcess(int pid, bool ownGroup, SafeFd exitHandle, SafeFd? output, string description)
    {
        Pid = pid;
        HasOwnGroup = ownGroup;
        ExitHandle = exitHandle;
        Output = output;
        Description = description;
    }

    public int Pid { get; }

    /// <summary>True when the child leads a process group of its own (its pgid is its pid).</summary>
    public bool HasOwnGroup { get; }

    /// <summary>A pidfd: polls readable once the child has ended.</summary>
    public SafeFd ExitHandle { get; }

    /// <summary>The read end of the child's stdout and stderr (non-blocking), or null when not captured.</summary>
    public SafeFd? Output { get; private set; }

    public string Description { get; }

    /// <summary>Set by the reaper when the exit status has been collected.</summary>
    public ChildExit? Exit { get; internal set; }

    public bool HasExited => Exit is not null;

    public static ChildProcess Spawn(SpawnOptions options)
    {
        var description = $"{options.File} {string.Join(' ', options.Arguments)}".TrimEnd();
        var pipe = stackalloc int[2] { -1, -1 };
        var capture = options.CaptureOutput && options.Terminal is null;
        if (capture && LibC.pipe2(pipe, LibC.O_CLOEXEC) == -1)
        {
            throw Interop.Failure($"pipe2 for {description}");
        }

        var strings = new List<IntPtr>();
        var fileActions = NativeMemory.AllocZeroed(Interop.SpawnObjectSize);
        var attributes = NativeMemory.AllocZeroed(Interop.SpawnObjectSize);
        var passed = new List<SafeFd>();
        try
        {
            Check(Interop.posix_spawn_file_actions_init(fileActions), "posix_spawn_file_actions_init", description);
            Check(Interop.posix_spawnattr_init(attributes), "posix_spawnattr_init", description);
            var devNull = Utf8(strings, "/dev/null");
            if (options.Terminal is { } terminal)
            {
                // After setsid (done before the file actions), the first terminal opened becomes the controlling one.
                Check(Interop.posix_spawn_file_actions_addopen(fileActions, 0, Utf8(strings, terminal), LibC.O_RDWR, 0), "terminal", description);
                Check(Interop.posix_spawn_file_actions_adddup2(fileActions, 0, 1), "stdout", description);
                Check(Interop.posix_spawn_file_actions_adddup2(fileActions, 0, 2), "stderr", description);
            }
            else
            {
                Check(Interop.posix_spawn_file_actions_addopen(fileActions, 0, devNull, LibC.O_RDONLY, 0), "stdin", description);
            }

            if (capture)
            {
                Check(Interop.posix_spawn_file_actions_adddup2(fileActions, pipe[1], 1), "stdout", description);
                Check(Interop.posix_spawn_file_actions_adddup2(fileActions, pipe[1], 2), "stderr", description);
            }
            else if (options.Terminal is null)
            {
                Check(Interop.posix_spawn_file_actions_addopen(fileActions, 1, devNull, LibC.O_WRONLY, 0), "stdout", description);
                Check(Interop.posix_spawn_file_actions_addopen(fileActions, 2, devNull, LibC.O_WRONLY, 0), "stderr", description);
            }

            PassDescriptors(fileActions, options.PassDescriptors, passed, description);

            if (options.WorkingDirectory is { } directory)
            {
                Check(Interop.posix_spawn_file_actions_addchdir_np(fileActions, Utf8(strings, directory)), "chdir", description);
            }

            // The runtime ignores SIGPIPE and may block signals on the spawning thread; a child starts clean.
            var flags = (short)(Interop.POSIX_SPAWN_SETSIGMASK | Interop.POSIX_SPAWN_SETSIGDEF);
            if (options.Terminal is not null)
            {
                flags |= Interop.POSIX_SPAWN_SETSID;
            }
            else if (options.NewProcessGroup)
            {
                flags |= Interop.POSIX_SPAWN_SETPGROUP;
                Check(Interop.posix_spawnattr_setpgroup(attributes, 0), "setpgroup", description);
            }

            sigset_t empty;
            sigset_t defaults;
            LibC.sigemptyset(&empty);
            LibC.sigfillset(&defaults);
            Check(Interop.posix_spawnattr_setsigmask(attributes, &empty), "setsigmask", description);
            Check(Interop.posix_spawnattr_setsigdefault(attributes, &defaults), "setsigdefault", description);
            Check(Interop.posix_spawnattr_setflags(attributes, flags), "setflags", description);

            var argv = stackalloc byte*[options.Arguments.Count + 2];
            argv[0] = Utf8(strings, options.File);
            for (var i = 0; i < options.Arguments.Count; i++)
            {
                argv[i + 1] = Utf8(strings, options.Arguments[i]);
            }

            argv[options.Arguments.Count + 1] = null;
            var environment = options.Environment ?? CurrentEnvironment();
            var envp = stackalloc byte*[environment.Count + 1];
            var e = 0;
            foreach (var (key, value) in environment)
            {
                envp[e++] = Utf8(strings, $"{key}={value}");
            }

            envp[e] = null;
            int pid;
            var error = Interop.posix_spawn(&pid, argv[0], fileActions, attributes, argv, envp);
            if (error != 0)
            {
                throw new SystemCallException((Errno)error, $"start {description}");
            }

            // The child stays a zombie until we reap it, so its pid cannot be reused before this call.
            var pidfd = Interop.pidfd_open(pid, 0);
            if (pidfd == -1)
            {
                throw Interop.Failure($"pidfd_open for {description} (pid {pid})");
            }

            SafeFd? output = null;
            if (capture)
            {
                LibC.close(pipe[1]);
                pipe[1] = -1;
                var fl = LibC.fcntl(pipe[0], LibC.F_GETFL, 0);
                LibC.fcntl(pipe[0], LibC.F_SETFL, fl | LibC.O_NONBLOCK);
                output = SafeFd.Own(pipe[0]);
                pipe[0] = -1;
            }

            return new ChildProcess(pid, options.NewProcessGroup || options.Terminal is not null, SafeFd.Own(pidfd), output, description);
        }
        finally
        {
            Interop.posix_spawn_file_actions_destroy(fileActions);
            Interop.posix_spawnattr_destroy(attributes);
            NativeMemory.Free(fileActions);
            NativeMemory.Free(attributes);
            foreach (var s in strings)
            {
                Marshal.FreeCoTaskMem(s);
            }

            foreach (var fd in passed)
            {
                fd.DangerousRelease();
            }

            if (pipe[0] != -1)
            {
                LibC.close(pipe[0]);
            }

            if (pipe[1] != -1)
            {
                LibC.close(pipe[1]);
            }
        }
    }

    /// <summary>
    /// File actions that give the child <paramref name="descriptors"/> as 3, 4, ...: first each to a number above
    /// every source and target (so that no dup2 overwrites a source still to be copied), then down to its place.
    /// dup2 to a different number clears close-on-exec in the child; our descriptors keep theirs. The handles are
    /// referenced until the spawn is done: the caller releases those in <paramref name="referenced"/>.
    /// </summary>
    private static void PassDescriptors(void* fileActions, IReadOnlyList<SafeFd> descriptors, List<SafeFd> referenced, string description)
    {
        foreach (var fd in descriptors)
        {
            var added = false;
            fd.DangerousAddRef(ref added);
            referenced.Add(fd);
        }

        var parking = Math.Max(referenced.Select(fd => fd.Value).DefaultIfEmpty(0).Max(), 2 + referenced.Count) + 1;
        for (var i = 0; i < referenced.Count; i++)
        {
            Check(Interop.posix_spawn_file_actions_adddup2(fileActions, referenced[i].Value, parking + i), "pass a descriptor", description);
        }

        for (var i = 0; i < referenced.Count; i++)
        {
            Check(Interop.posix_spawn_file_actions_adddup2(fileActions, parking + i, 3 + i), "pass a descriptor", description);
            Check(Interop.posix_spawn_file_actions_addclose(fileActions, parking + i), "pass a descriptor", description);
        }
    }

    /// <summary>Signals the child itself; false when it has already ended.</summary>
    public bool Signal(int signal)
    {
        if (HasExited || ExitHandle.IsClosed)
        {
            return false;
        }

        using var fd = ExitHandle.Borrow();
        if (Interop.pidfd_send_signal(fd.Value, signal, null, 0) == 0)
        {
            return true;
        }

        var errno = Interop.LastErrno;
        return errno == Errno.ESRCH ? false : throw new SystemCallException(errno, $"signal {SignalNames.Name(signal)} to {Description} (pid {Pid})");
    }

    /// <summary>
    /// Signals the child's whole process group (nginx's master and workers, also workers orphaned by a killed
    /// master). False when no member is left.
    /// </summary>
    public bool SignalGroup(int signal)
    {
        if (!HasOwnGroup)
        {
            return Signal(signal);
        }

        if (LibC.kill(-Pid, signal) == 0)
        {
            return true;
        }

        var errno = Interop.LastErrno;
        return errno == Errno.ESRCH ? false : throw new SystemCallException(errno, $"signal {SignalNames.Name(signal)} to the process group of {Description} ({Pid})");
    }

    /// <summary>Reads what the child wrote; 0 at end of output, -1 when nothing is there now.</summary>
    public int ReadOutput(Span<byte> buffer)
    {
        if (Output is null)
        {
            return 0;
        }

        using var fd = Output.Borrow();
        long read;
        fixed (byte* bytes = buffer)
        {
            do
            {
                read = LibC.read(fd.Value, bytes, buffer.Length);
            }
            while (Interop.Interrupted(read));
        }

        if (read >= 0)
        {
            return (int)read;
        }

        var errno = Interop.LastErrno;
        return errno == Errno.EAGAIN ? -1 : throw new SystemCallException(errno, $"read the output of {Description}");
    }

    /// <summary>Closes the output pipe (after end of output); the exit handle stays until disposal.</summary>
    public void CloseOutput()
    {
        Output?.Dispose();
        Output = null;
    }

    public void Dispose()
    {
        Output?.Dispose();
        ExitHandle.Dispose();
    }

    /// <summary>This process's environment, as a child inherits it when <see cref="SpawnOptions.Environment"/> is null.</summary>
    public static Dictionary<string, string> CurrentEnvironment()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            result[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        return result;
    }

    private static byte* Utf8(List<IntPtr> owned, string text)
    {
        if (text.Contains('\0'))
        {
            throw new ArgumentException($"a NUL character in '{text.Replace("\0", "\\0")}'");
        }

        var pointer = Marshal.StringToCoTaskMemUTF8(text);
        owned.Add(pointer);
        return (byte*)pointer;
    }

    private static void Check(int result, string step, string description)
    {
        if (result != 0)
        {
            throw new SystemCallException((Errno)result, $"start {description}: {step}");
        }
    }

    public override string ToString() => $"{Description} (pid {Pid})";
}

/// <summary>
/// Collects the exit status of every child of this process: those we started and track, and orphans re-parented
/// to us as PID 1 or as a child subreaper. The only caller of waitpid(-1) in the process.
/// </summary>
public sealed unsafe class ChildReaper
{
    private readonly Dictionary<int, ChildProcess> _children = [];

    public long OrphansReaped { get; private set; }

    public IReadOnlyCollection<ChildProcess> Running => _children.Values;

    public void Track(ChildProcess child) => _children[child.Pid] = child;

    /// <summary>Reaps everything that has ended; tracked children get their <see cref="ChildProcess.Exit"/>.</summary>
    public void ReapAll(List<ChildProcess> exited)
    {
        while (true)
        {
            int status;
            int pid;
            do
            {
                pid = Interop.waitpid(-1, &status, Interop.WNOHANG);
            }
            while (Interop.Interrupted(pid));

            if (pid <= 0)
            {
                return; // 0: children left but none ended; -1 ECHILD: no children at all
            }

            if (_children.Remove(pid, out var child))
            {
                child.Exit = ChildExit.FromWaitStatus(status);
                exited.Add(child);
            }
            else
            {
                OrphansReaped++;
            }
        }
    }

    /// <summary>Becomes the reaper of orphaned descendants when not PID 1 (PR_SET_CHILD_SUBREAPER).</summary>
    public static void BecomeSubreaper()
    {
        if (Interop.prctl(Interop.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == -1)
        {
            throw Interop.Failure("prctl(PR_SET_CHILD_SUBREAPER)");
        }
    }
}
