using System.Runtime.InteropServices;

namespace Appliance.Linux;

internal static partial class Interop
{
    // linux/module.h
    internal const int MODULE_INIT_IGNORE_MODVERSIONS = 1;
    internal const int MODULE_INIT_IGNORE_VERMAGIC = 2;
    internal const int MODULE_INIT_COMPRESSED_FILE = 4;

    // glibc has no finit_module wrapper, so it is a raw syscall; the number differs per architecture.
    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, long fd, long param_values, long flags);

    private static long SYS_finit_module => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 313,
        Architecture.Arm64 => 273,
        Architecture.Arm => 379,
        var other => throw new PlatformNotSupportedException($"finit_module: no syscall number for {other}"),
    };

    /// <summary>
    /// Loads a kernel module from an open .ko file; <paramref name="param_values"/> is a NUL-terminated
    /// "name=value name2=value2" string (empty for none). EEXIST means it is already loaded.
    /// </summary>
    internal static unsafe int finit_module(int fd, byte* param_values, int flags) =>
        (int)syscall(SYS_finit_module, fd, (long)param_values, flags);
}
