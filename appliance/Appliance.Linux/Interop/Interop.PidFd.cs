using System.Runtime.InteropServices;

namespace Appliance.Linux;

internal static partial class Interop
{
    // sys/pidfd.h: pidfd_open's only flag; the descriptor is always close-on-exec.
    internal const uint PIDFD_NONBLOCK = 0x800;

    /// <summary>A descriptor that polls readable when the process exits (glibc 2.36+, Linux 5.3+).</summary>
    [LibraryImport("libc", SetLastError = true)]
    internal static partial int pidfd_open(int pid, uint flags);

    [LibraryImport("libc", SetLastError = true)]
    internal static unsafe partial int pidfd_send_signal(int pidfd, int sig, void* info, uint flags);
}
