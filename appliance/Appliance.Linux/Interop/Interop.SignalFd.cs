using System.Runtime.InteropServices;
using Tmds.Linux;

namespace Appliance.Linux;

internal static partial class Interop
{
    // sys/signalfd.h
    internal const int SFD_CLOEXEC = 0x80000;
    internal const int SFD_NONBLOCK = 0x800;

#pragma warning disable CS8981 // C names for C things: all-lowercase struct names as in the header.
    /// <summary>What a read(2) of a signalfd returns per signal: 128 bytes.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 128)]
    internal struct signalfd_siginfo
    {
        public uint ssi_signo;
        public int ssi_errno;
        public int ssi_code;
        public uint ssi_pid;
        public uint ssi_uid;
        public int ssi_fd;
        public uint ssi_tid;
        public uint ssi_band;
        public uint ssi_overrun;
        public uint ssi_trapno;
        public int ssi_status;
        public int ssi_int;
        public ulong ssi_ptr;
        public ulong ssi_utime;
        public ulong ssi_stime;
        public ulong ssi_addr;
        public ushort ssi_addr_lsb;
    }
#pragma warning restore CS8981

    /// <summary>Only signals blocked with sigprocmask are delivered through the descriptor.</summary>
    [LibraryImport("libc", SetLastError = true)]
    internal static unsafe partial int signalfd(int fd, sigset_t* mask, int flags);
}
