namespace Appliance.Linux.Processes;

/// <summary>How a child ended: an exit code or the signal that killed it.</summary>
public readonly record struct ChildExit(int? ExitCode, int? Signal)
{
    public bool Success => ExitCode == 0;

    internal static ChildExit FromWaitStatus(int status) =>
        Interop.WIFEXITED(status) ? new ChildExit(Interop.WEXITSTATUS(status), null)
        : Interop.WIFSIGNALED(status) ? new ChildExit(null, Interop.WTERMSIG(status))
        : new ChildExit(null, null);

    public override string ToString() => ExitCode is { } code
        ? $"exit code {code}"
        : Signal is { } signal ? $"killed by signal {signal} ({SignalNames.Name(signal)})" : "ended";
}

public static class SignalNames
{
    public static string Name(int signal) => signal switch
    {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        4 => "SIGILL",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        10 => "SIGUSR1",
        11 => "SIGSEGV",
        12 => "SIGUSR2",
        13 => "SIGPIPE",
        14 => "SIGALRM",
        15 => "SIGTERM",
        17 => "SIGCHLD",
        18 => "SIGCONT",
        19 => "SIGSTOP",
        30 => "SIGPWR",
        _ => $"signal {signal}",
    };
}
