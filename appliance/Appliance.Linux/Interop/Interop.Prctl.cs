using System.Runtime.InteropServices;

namespace Appliance.Linux;

internal static partial class Interop
{
    // sys/prctl.h
    internal const int PR_SET_PDEATHSIG = 1;
    internal const int PR_GET_PDEATHSIG = 2;
    internal const int PR_SET_NAME = 15;
    internal const int PR_GET_NAME = 16;
    internal const int PR_SET_CHILD_SUBREAPER = 36;
    internal const int PR_GET_CHILD_SUBREAPER = 37;
    internal const int PR_SET_NO_NEW_PRIVS = 38;

    /// <summary>
    /// prctl(2) is variadic in C; the kernel reads all four extra arguments as unsigned long, so they are declared
    /// as such (on x86-64 and arm64 an integer-only variadic call passes them exactly like a fixed one). Pass 0 for
    /// the ones an option does not use: several options fail with EINVAL otherwise.
    /// </summary>
    [LibraryImport("libc", SetLastError = true)]
    internal static partial int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
