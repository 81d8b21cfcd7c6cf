using Tmds.Linux;

namespace Appliance.Linux;

internal static partial class Interop
{
    /// <summary>
    /// sys/socket.h CMSG_LEN: the header (aligned) plus the data, not rounded up. Tmds.LibC 0.5.0's CMSG_LEN rounds
    /// up like CMSG_SPACE (CMSG_LEN(12) gives 32, glibc 28), and Linux refuses an IP_PKTINFO control message whose
    /// length is not exactly CMSG_LEN(sizeof(struct in_pktinfo)) with EINVAL.
    /// </summary>
    internal static unsafe int CMSG_LEN(int dataLength) => CMSG_ALIGN(sizeof(cmsghdr)) + dataLength;

    internal static int CMSG_ALIGN(int length) => (length + sizeof(long) - 1) & ~(sizeof(long) - 1);
}
