using System.Runtime.InteropServices;

namespace Appliance.Config;

// open(2), fsync(2), close(2): the runtime has no way to fsync a directory, which is what makes a rename durable.
internal static partial class Interop
{
    internal const int O_RDONLY = 0;
    internal const int O_CLOEXEC = 0x80000;
    internal const int EINTR = 4;

    // O_DIRECTORY differs by architecture: asm-generic (x86-64) 0200000, arm and arm64 040000.
    internal static int O_DIRECTORY => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int open(string pathname, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    internal static partial int fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    internal static partial int close(int fd);
}
