using System.Runtime.InteropServices;

namespace Appliance.Logging.Tests.Support;

internal static partial class TestLibc
{
    public const int CLONE_NEWNET = 0x40000000;
    public const int O_RDONLY = 0;
    public const int O_NONBLOCK = 0x800;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string pathname, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setns(int fd, int nstype);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int kill(int pid, int sig);

    [LibraryImport("libc")]
    public static partial uint geteuid();

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mkfifo(string pathname, uint mode);
}
