namespace Appliance.Linux;

internal static partial class Interop
{
    // sys/socket.h, as const so they can be switch labels (Tmds.LibC has them as properties).
    // .NET's AddressFamily numbers differ (InterNetworkV6 is 23): always map, never cast.
    internal const byte AF_UNSPEC = 0;
    internal const byte AF_INET = 2;
    internal const byte AF_BRIDGE = 7;
    internal const byte AF_INET6 = 10;
    internal const ushort AF_NETLINK = 16;
    internal const ushort AF_PACKET = 17;
}
