using System.Runtime.InteropServices;

namespace Appliance.Logging.Interop;

internal static partial class Libc
{
    // asm-generic/fcntl.h (x86-64, arm64, arm).
    public const int O_WRONLY = 0x1;
    public const int O_NOCTTY = 0x100;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;

    public const int EINTR = 4;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string pathname, int flags);
}
