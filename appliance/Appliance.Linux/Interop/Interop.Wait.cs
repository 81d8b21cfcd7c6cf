using System.Runtime.InteropServices;

namespace Appliance.Linux;

internal static partial class Interop
{
    // sys/wait.h
    internal const int WNOHANG = 1;
    internal const int WUNTRACED = 2;

    /// <summary>
    /// Only for pids we started and that System.Diagnostics.Process does not own: as PID 1 the runtime reaps every
    /// child itself and a waitpid(-1) would steal exit statuses from it (WaitForExit then times out).
    /// </summary>
    [LibraryImport("libc", SetLastError = true)]
    internal static unsafe partial int waitpid(int pid, int* wstatus, int options);

    internal static bool WIFEXITED(int status) => (status & 0x7f) == 0;

    internal static int WEXITSTATUS(int status) => (status >> 8) & 0xff;

    internal static bool WIFSIGNALED(int status) => (status & 0x7f) != 0 && (status & 0x7f) != 0x7f;

    internal static int WTERMSIG(int status) => status & 0x7f;
}
