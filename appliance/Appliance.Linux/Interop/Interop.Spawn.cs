using System.Runtime.InteropServices;

namespace Appliance.Linux;

internal static partial class Interop
{
    // spawn.h (glibc): the attribute and file-action objects are opaque; glibc's are 336 and 80 bytes on x86-64.
    // We allocate more than either and let the init functions fill them.
    internal const int SpawnObjectSize = 512;
    internal const short POSIX_SPAWN_SETPGROUP = 0x02;
    internal const short POSIX_SPAWN_SETSIGDEF = 0x04;
    internal const short POSIX_SPAWN_SETSIGMASK = 0x08;
    internal const short POSIX_SPAWN_SETSID = 0x80;

    [LibraryImport("libc")]
    internal static unsafe partial int posix_spawn(int* pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport("libc")]
    internal static unsafe partial int posix_spawn_file_actions_init(void* fileActions);

    [LibraryImport("libc")]
    internal static unsafe partial int posix_spawn_file_actions_destroy(void* fileActions);

    [LibraryImport("libc")]
    internal static unsafe partial int posix_spawn_file_actions_adddup2(void* fileActions, int fd, int newFd);

    [LibraryImport("libc")]
    internal static unsafe partial int posix_spawn_file_actions_addclose(void* fileActions, int fd);

    [LibraryImport("libc")]
    internal static unsafe partial int posix_spawn_file_actions_addopen(void* fileActions, int fd, byte* path, int flags, uint mode);

    [LibraryImport("libc")]
    internal static unsafe partial int posix_spawn_file_actions_addchdir_np(void* fileActions, byte* path);

    [LibraryImport("libc")]
    internal static unsafe partial int posix_spawnattr_init(void* attributes);

    [LibraryImport("libc")]
    internal static unsafe partial int posix_spawnattr_destroy(void* attributes);

    [LibraryImport("libc")]
    internal static unsafe partial int posix_spawnattr_setflags(void* attributes, short flags);

    [LibraryImport("libc")]
    internal static unsafe partial int posix_spawnattr_setpgroup(void* attributes, int pgroup);

    [LibraryImport("libc")]
    internal static unsafe partial int posix_spawnattr_setsigmask(void* attributes, void* sigmask);

    [LibraryImport("libc")]
    internal static unsafe partial int posix_spawnattr_setsigdefault(void* attributes, void* sigdefault);
}
