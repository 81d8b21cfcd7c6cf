using System.Runtime.InteropServices;

namespace Appliance.Linux;

internal static partial class Interop
{
    /// <summary>net/if.h: buffer size for an interface name including the NUL.</summary>
    internal const int IF_NAMESIZE = 16;

    // Both work on an ioctl socket that libc opens in the calling thread's network namespace.
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial uint if_nametoindex(string ifname);

    [LibraryImport("libc", SetLastError = true)]
    internal static unsafe partial byte* if_indextoname(uint ifindex, byte* ifname);

    /// <summary>The interface name for an index, or null when there is none (ENXIO).</summary>
    internal static unsafe string? IndexToName(int ifindex)
    {
        byte* name = stackalloc byte[IF_NAMESIZE];
        return if_indextoname((uint)ifindex, name) == null ? null : Marshal.PtrToStringUTF8((nint)name);
    }
}
