using System.Runtime.InteropServices;

namespace Appliance.Linux;

internal static partial class Interop
{
    // linux/watchdog.h: _IOR('W', 5, int), _IOWR('W', 6, int), _IOR('W', 7, int), _IOR('W', 0, struct watchdog_info).
    internal const uint WDIOC_GETSUPPORT = 0x80285700;
    internal const uint WDIOC_KEEPALIVE = 0x80045705;
    internal const uint WDIOC_SETTIMEOUT = 0xC0045706;
    internal const uint WDIOC_GETTIMEOUT = 0x80045707;

    /// <summary>struct watchdog_info: options, firmware_version, identity[32].</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct watchdog_info
    {
        public uint options;
        public uint firmware_version;
        public fixed byte identity[32];
    }

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    internal static unsafe partial int ioctl_ptr(int fd, nuint request, void* arg);
}
