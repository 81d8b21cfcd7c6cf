using System.Runtime.InteropServices;

namespace Appliance.Linux;

internal static partial class Interop
{
    // asm-generic/ioctls.h
    internal const uint TIOCSCTTY = 0x540E;

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int setsid();

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int getsid(int pid);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int ioctl_int(int fd, nuint request, nint arg);
}
