namespace Appliance.Linux.Netlink;

/// <summary>NETLINK_ROUTE multicast groups a monitor subscribes to (RTMGRP_* of linux/rtnetlink.h).</summary>
[Flags]
public enum RouteNetlinkGroups : uint
{
    None = 0,
    Link = 0x1,
    IPv4Address = 0x10,
    IPv6Address = 0x100,
}
