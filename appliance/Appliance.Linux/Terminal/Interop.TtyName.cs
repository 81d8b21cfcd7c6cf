using System.Runtime.InteropServices;

namespace Appliance.Linux;

internal static partial class Interop
{
    [LibraryImport("libc", SetLastError = true)]
    internal static partial int isatty(int fd);

    /// <summary>Returns an errno value (not -1) on failure, as the man page says.</summary>
    [LibraryImport("libc")]
    internal static unsafe partial int ttyname_r(int fd, byte* buf, nuint buflen);
}
