using System.Runtime.InteropServices;
using Tmds.Linux;

namespace Appliance.Linux;

internal static partial class Interop
{
    /// <summary>
    /// sys/epoll.h (glibc 2.35, Linux 5.11): epoll_wait with a nanosecond timeout; Tmds.LibC predates it. A null
    /// timeout waits without end; <paramref name="sigmask"/> zero keeps the thread's mask.
    /// </summary>
    [LibraryImport("libc", SetLastError = true)]
    internal static unsafe partial int epoll_pwait2(int epfd, epoll_event* events, int maxevents, timespec* timeout, IntPtr sigmask);
}
