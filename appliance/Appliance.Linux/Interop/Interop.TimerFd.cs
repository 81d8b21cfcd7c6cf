using System.Runtime.InteropServices;
using Tmds.Linux;

namespace Appliance.Linux;

internal static partial class Interop
{
    // sys/timerfd.h
    internal const int TFD_CLOEXEC = 0x80000;
    internal const int TFD_NONBLOCK = 0x800;
    internal const int TFD_TIMER_ABSTIME = 1;
    internal const int TFD_TIMER_CANCEL_ON_SET = 2;

    // time.h
    internal const int CLOCK_REALTIME = 0;
    internal const int CLOCK_MONOTONIC = 1;
    internal const int CLOCK_BOOTTIME = 7;

#pragma warning disable CS8981 // C names for C things: all-lowercase struct names as in the header.
    internal struct itimerspec
    {
        public timespec it_interval;
        public timespec it_value;
    }
#pragma warning restore CS8981

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int timerfd_create(int clockid, int flags);

    [LibraryImport("libc", SetLastError = true)]
    internal static unsafe partial int timerfd_settime(int fd, int flags, itimerspec* new_value, itimerspec* old_value);

    [LibraryImport("libc", SetLastError = true)]
    internal static unsafe partial int timerfd_gettime(int fd, itimerspec* curr_value);
}
