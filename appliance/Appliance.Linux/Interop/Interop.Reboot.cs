using System.Runtime.InteropServices;

namespace Appliance.Linux;

internal static partial class Interop
{
    // sys/reboot.h (linux/reboot.h LINUX_REBOOT_CMD_*); the values are magic numbers, compared bit for bit.
    internal const int RB_AUTOBOOT = 0x01234567;
    internal const int RB_HALT_SYSTEM = unchecked((int)0xcdef0123);
    internal const int RB_ENABLE_CAD = unchecked((int)0x89abcdef);
    internal const int RB_DISABLE_CAD = 0;
    internal const int RB_POWER_OFF = 0x4321fedc;

    /// <summary>
    /// Does not sync: call sync(2) first. From PID 1 of a PID namespace (a container) RB_AUTOBOOT and RB_POWER_OFF
    /// end the namespace instead of the machine.
    /// </summary>
    [LibraryImport("libc", SetLastError = true)]
    internal static partial int reboot(int howto);
}
