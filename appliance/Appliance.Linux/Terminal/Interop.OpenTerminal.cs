using System.Runtime.InteropServices;

namespace Appliance.Linux;

internal static partial class Interop
{
    // asm-generic/fcntl.h
    internal const int O_WRONLY = 0x1;
    internal const int O_RDWR = 0x2;
    internal const int O_NOCTTY = 0x100;
    internal const int O_NONBLOCK = 0x800;
    internal const int O_CLOEXEC = 0x80000;
    internal const int F_GETFL = 3;
    internal const int F_SETFL = 4;
    internal const int F_DUPFD_CLOEXEC = 1030;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int open_terminal(string pathname, int flags);

    /// <summary>fcntl is variadic; an int third argument is passed the same way on the Linux ABIs we target.</summary>
    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int fcntl_int(int fd, int cmd, int arg);
}
