using System.Runtime.InteropServices;

namespace Appliance.Logging.Interop;

internal static partial class Libc
{
    public const int F_GETFL = 3;
    public const int F_SETFL = 4;

    // fcntl is variadic; an int third argument is passed the same way on the Linux ABIs we target.
    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static partial int fcntl(int fd, int cmd, int arg);
}
