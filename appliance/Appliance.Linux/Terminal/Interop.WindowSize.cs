using System.Runtime.InteropServices;

namespace Appliance.Linux;

internal static partial class Interop
{
    // asm-generic/ioctls.h
    internal const uint TIOCGWINSZ = 0x5413;
    internal const uint TIOCSWINSZ = 0x5414;

#pragma warning disable CS8981 // C names for C things.
    [StructLayout(LayoutKind.Sequential)]
    internal struct winsize
    {
        public ushort ws_row;
        public ushort ws_col;
        public ushort ws_xpixel;
        public ushort ws_ypixel;
    }
#pragma warning restore CS8981

    /// <summary>
    /// ioctl(2) is variadic in C; the third argument is a pointer, passed like a fixed one on the Linux ABIs we
    /// target (see prctl).
    /// </summary>
    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    internal static unsafe partial int ioctl_winsize(int fd, nuint request, winsize* size);
}
