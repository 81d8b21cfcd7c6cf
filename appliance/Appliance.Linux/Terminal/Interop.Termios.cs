using System.Runtime.InteropServices;

namespace Appliance.Linux;

internal static partial class Interop
{
    // asm-generic/termbits.h (x86-64, arm64): c_iflag bits
    internal const uint IGNBRK = 0x1;
    internal const uint BRKINT = 0x2;
    internal const uint PARMRK = 0x8;
    internal const uint ISTRIP = 0x20;
    internal const uint INLCR = 0x40;
    internal const uint IGNCR = 0x80;
    internal const uint ICRNL = 0x100;
    internal const uint IXON = 0x400;

    // c_oflag
    internal const uint OPOST = 0x1;

    // c_lflag
    internal const uint ISIG = 0x1;
    internal const uint ICANON = 0x2;
    internal const uint ECHO = 0x8;
    internal const uint ECHONL = 0x40;
    internal const uint IEXTEN = 0x8000;

    // c_cc indices
    internal const int VTIME = 5;
    internal const int VMIN = 6;

    // termios.h: tcsetattr actions
    internal const int TCSANOW = 0;

    internal const int NCCS = 32;

#pragma warning disable CS8981 // C names for C things: all-lowercase struct names as in the header.
    /// <summary>glibc's struct termios (bits/termios-struct.h): 60 bytes on x86-64 and arm64.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct termios
    {
        public uint c_iflag;
        public uint c_oflag;
        public uint c_cflag;
        public uint c_lflag;
        public byte c_line;
        public fixed byte c_cc[NCCS];
        public uint c_ispeed;
        public uint c_ospeed;
    }
#pragma warning restore CS8981

    [LibraryImport("libc", SetLastError = true)]
    internal static unsafe partial int tcgetattr(int fd, termios* termios_p);

    [LibraryImport("libc", SetLastError = true)]
    internal static unsafe partial int tcsetattr(int fd, int optional_actions, termios* termios_p);

    /// <summary>The Bnnn code of the output speed (B9600 = 13, B115200 = 0x1002), not the rate itself.</summary>
    [LibraryImport("libc")]
    internal static unsafe partial uint cfgetospeed(termios* termios_p);
}
