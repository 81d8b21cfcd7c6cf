using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Appliance.Linux.Netlink;

/// <summary>
/// The NETLINK_ROUTE requests we send, built into a caller's buffer (pure: no socket). Attribute order and
/// flags follow iproute2 6.1, so each request is byte for byte what the equivalent `ip` command sends where
/// the tests say so. Each returns the length to send.
/// </summary>
internal static class RouteRequest
{
    /// <summary>Enough for every request here (the largest, a macvlan with its nests, is under 100 bytes).</summary>
    public const int MaxSize = 512;

    private const ushort Ack = Interop.NLM_F_REQUEST | Interop.NLM_F_ACK;
    private const ushort CreateExclusive = Ack | Interop.NLM_F_CREATE | Interop.NLM_F_EXCL;

    // Statistics are large and unused; VF information only exists on SR-IOV hardware and is unused too.
    private const uint ExtMask = Interop.RTEXT_FILTER_SKIP_STATS;

    public static int DumpLinks(Span<byte> buffer, uint sequence)
    {
        var writer = new NetlinkWriter(buffer);
        writer.BeginMessage(Interop.RTM_GETLINK, Interop.NLM_F_REQUEST | Interop.NLM_F_DUMP, sequence);
        writer.WriteFamilyHeader(new Interop.ifinfomsg());
        writer.WriteUInt32Attribute(Interop.IFLA_EXT_MASK, ExtMask);
        return writer.EndMessage();
    }

    public static int GetLink(Span<byte> buffer, uint sequence, string name)
    {
        var writer = new NetlinkWriter(buffer);
        writer.BeginMessage(Interop.RTM_GETLINK, Interop.NLM_F_REQUEST, sequence);
        writer.WriteFamilyHeader(new Interop.ifinfomsg());
        writer.WriteUInt32Attribute(Interop.IFLA_EXT_MASK, ExtMask);
        writer.WriteStringAttribute(Interop.IFLA_IFNAME, name);
        return writer.EndMessage();
    }

    public static int GetLink(Span<byte> buffer, uint sequence, int index)
    {
        var writer = new NetlinkWriter(buffer);
        writer.BeginMessage(Interop.RTM_GETLINK, Interop.NLM_F_REQUEST, sequence);
        writer.WriteFamilyHeader(new Interop.ifinfomsg { ifi_index = index });
        writer.WriteUInt32Attribute(Interop.IFLA_EXT_MASK, ExtMask);
        return writer.EndMessage();
    }

    /// <summary>ip link set DEV up|down.</summary>
    public static int SetLinkUp(Span<byte> buffer, uint sequence, int index, bool up)
    {
        var writer = new NetlinkWriter(buffer);
        writer.BeginMessage(Interop.RTM_NEWLINK, Ack, sequence);
        writer.WriteFamilyHeader(new Interop.ifinfomsg
        {
            ifi_index = index,
            ifi_flags = up ? Interop.IFF_UP : 0,
            ifi_change = Interop.IFF_UP,
        });
        return writer.EndMessage();
    }

    /// <summary>ip link set DEV address MAC.</summary>
    public static int SetLinkAddress(Span<byte> buffer, uint sequence, int index, PhysicalAddress address)
    {
        var writer = new NetlinkWriter(buffer);
        writer.BeginMessage(Interop.RTM_NEWLINK, Ack, sequence);
        writer.WriteFamilyHeader(new Interop.ifinfomsg { ifi_index = index });
        writer.WriteAttribute(Interop.IFLA_ADDRESS, address.GetAddressBytes());
        return writer.EndMessage();
    }

    /// <summary>ip link add NAME link PARENT address MAC type macvlan mode MODE.</summary>
    public static int NewMacvlan(Span<byte> buffer, uint sequence, int parentIndex, string name, PhysicalAddress address, MacvlanMode mode)
    {
        var writer = new NetlinkWriter(buffer);
        writer.BeginMessage(Interop.RTM_NEWLINK, CreateExclusive, sequence);
        writer.WriteFamilyHeader(new Interop.ifinfomsg());
        writer.WriteAttribute(Interop.IFLA_ADDRESS, address.GetAddressBytes());
        writer.WriteUInt32Attribute(Interop.IFLA_LINK, (uint)parentIndex);
        writer.WriteStringAttribute(Interop.IFLA_IFNAME, name);
        var linkInfo = writer.BeginNested(Interop.IFLA_LINKINFO);
        writer.WriteStringAttribute(Interop.IFLA_INFO_KIND, "macvlan", nulTerminated: false);
        var data = writer.BeginNested(Interop.IFLA_INFO_DATA);
        writer.WriteUInt32Attribute(Interop.IFLA_MACVLAN_MODE, (uint)mode);
        writer.EndNested(data);
        writer.EndNested(linkInfo);
        return writer.EndMessage();
    }

    /// <summary>ip link del DEV.</summary>
    public static int DeleteLink(Span<byte> buffer, uint sequence, int index)
    {
        var writer = new NetlinkWriter(buffer);
        writer.BeginMessage(Interop.RTM_DELLINK, Ack, sequence);
        writer.WriteFamilyHeader(new Interop.ifinfomsg { ifi_index = index });
        return writer.EndMessage();
    }

    public static int DumpAddresses(Span<byte> buffer, uint sequence, byte family)
    {
        var writer = new NetlinkWriter(buffer);
        writer.BeginMessage(Interop.RTM_GETADDR, Interop.NLM_F_REQUEST | Interop.NLM_F_DUMP, sequence);
        writer.WriteFamilyHeader(new Interop.ifaddrmsg { ifa_family = family });
        return writer.EndMessage();
    }

    /// <summary>
    /// ip addr add ADDRESS/PREFIX [brd +] dev DEV [label L] [nodad] [noprefixroute]. IPv4 gets IFA_LOCAL and
    /// IFA_ADDRESS (the same address: not point-to-point) and, below /31, the broadcast address as `brd +`.
    /// </summary>
    public static int NewAddress(
        Span<byte> buffer, uint sequence, int index, IPAddress address, int prefixLength,
        AddressScope scope, AddressFlags flags, string? label)
    {
        var family = Family(address);
        var writer = new NetlinkWriter(buffer);
        writer.BeginMessage(Interop.RTM_NEWADDR, CreateExclusive, sequence);
        writer.WriteFamilyHeader(new Interop.ifaddrmsg
        {
            ifa_family = family,
            ifa_prefixlen = (byte)prefixLength,
            // Flags above 8 bits only fit IFA_FLAGS; like iproute2, use one place or the other, not both.
            ifa_flags = (uint)flags <= 0xFF ? (byte)flags : (byte)0,
            ifa_scope = (byte)scope,
            ifa_index = (uint)index,
        });
        writer.WriteAddressAttribute(Interop.IFA_LOCAL, address);
        if (label is not null)
        {
            writer.WriteStringAttribute(Interop.IFA_LABEL, label);
        }

        if ((uint)flags > 0xFF)
        {
            writer.WriteUInt32Attribute(Interop.IFA_FLAGS, (uint)flags);
        }

        writer.WriteAddressAttribute(Interop.IFA_ADDRESS, address);
        if (family == Interop.AF_INET && prefixLength <= 30)
        {
            writer.WriteAddressAttribute(Interop.IFA_BROADCAST, Broadcast(address, prefixLength));
        }

        return writer.EndMessage();
    }

    /// <summary>ip addr del ADDRESS/PREFIX dev DEV.</summary>
    public static int DeleteAddress(Span<byte> buffer, uint sequence, int index, IPAddress address, int prefixLength)
    {
        var writer = new NetlinkWriter(buffer);
        writer.BeginMessage(Interop.RTM_DELADDR, Ack, sequence);
        writer.WriteFamilyHeader(new Interop.ifaddrmsg
        {
            ifa_family = Family(address),
            ifa_prefixlen = (byte)prefixLength,
            ifa_index = (uint)index,
        });
        writer.WriteAddressAttribute(Interop.IFA_LOCAL, address);
        writer.WriteAddressAttribute(Interop.IFA_ADDRESS, address);
        return writer.EndMessage();
    }

    /// <summary>ip route add|replace ROUTE (table main, proto boot).</summary>
    public static int NewRoute(Span<byte> buffer, uint sequence, RouteSpec route, bool replace)
    {
        var writer = new NetlinkWriter(buffer);
        var flags = replace ? (ushort)(Ack | Interop.NLM_F_CREATE | Interop.NLM_F_REPLACE) : CreateExclusive;
        writer.BeginMessage(Interop.RTM_NEWROUTE, flags, sequence);
        writer.WriteFamilyHeader(new Interop.rtmsg
        {
            rtm_family = Family(route.Destination),
            rtm_dst_len = (byte)route.PrefixLength,
            rtm_table = Interop.RT_TABLE_MAIN,
            rtm_protocol = Interop.RTPROT_BOOT,
            // Without a gateway the destination is directly on the link (iproute2 chooses the same).
            rtm_scope = route.Gateway is null ? Interop.RT_SCOPE_LINK : Interop.RT_SCOPE_UNIVERSE,
            rtm_type = Interop.RTN_UNICAST,
        });
        WriteRouteAttributes(ref writer, route);
        return writer.EndMessage();
    }

    /// <summary>ip route del ROUTE: protocol, type and scope left open so that any matching route goes.</summary>
    public static int DeleteRoute(Span<byte> buffer, uint sequence, RouteSpec route)
    {
        var writer = new NetlinkWriter(buffer);
        writer.BeginMessage(Interop.RTM_DELROUTE, Ack, sequence);
        writer.WriteFamilyHeader(new Interop.rtmsg
        {
            rtm_family = Family(route.Destination),
            rtm_dst_len = (byte)route.PrefixLength,
            rtm_table = Interop.RT_TABLE_MAIN,
            rtm_protocol = Interop.RTPROT_UNSPEC,
            rtm_scope = Interop.RT_SCOPE_NOWHERE,
            rtm_type = Interop.RTN_UNSPEC,
        });
        WriteRouteAttributes(ref writer, route);
        return writer.EndMessage();
    }

    /// <summary>Linux AF_* for an address (.NET's AddressFamily numbers differ).</summary>
    public static byte Family(IPAddress address) => address.AddressFamily switch
    {
        AddressFamily.InterNetwork => Interop.AF_INET,
        AddressFamily.InterNetworkV6 => Interop.AF_INET6,
        var other => throw new ArgumentException($"{address}: address family {other} is neither IPv4 nor IPv6", nameof(address)),
    };

    /// <summary>The directed broadcast of an IPv4 prefix: all host bits set.</summary>
    public static IPAddress Broadcast(IPAddress address, int prefixLength)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        var hostMask = prefixLength == 0 ? uint.MaxValue : uint.MaxValue >> prefixLength;
        var value = BinaryPrimitives.ReadUInt32BigEndian(bytes) | hostMask;
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    private static void WriteRouteAttributes(ref NetlinkWriter writer, RouteSpec route)
    {
        if (route.PrefixLength > 0)
        {
            writer.WriteAddressAttribute(Interop.RTA_DST, route.Destination);
        }

        if (route.Gateway is not null)
        {
            writer.WriteAddressAttribute(Interop.RTA_GATEWAY, route.Gateway);
        }

        if (route.Metric is not null)
        {
            writer.WriteUInt32Attribute(Interop.RTA_PRIORITY, route.Metric.Value);
        }

        if (route.OutputInterfaceIndex is not null)
        {
            writer.WriteUInt32Attribute(Interop.RTA_OIF, (uint)route.OutputInterfaceIndex.Value);
        }
    }
}
