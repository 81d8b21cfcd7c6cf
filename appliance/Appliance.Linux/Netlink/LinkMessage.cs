using System.Diagnostics.CodeAnalysis;
using System.Net.NetworkInformation;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Appliance.Linux.Netlink;

/// <summary>Decodes the payload of RTM_NEWLINK / RTM_DELLINK: ifinfomsg plus IFLA_* attributes.</summary>
internal static class LinkMessage
{
    private static readonly int FamilyHeaderSize = Unsafe.SizeOf<Interop.ifinfomsg>();

    public static bool TryParse(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out LinkInfo? link, out NetlinkDecodeError error)
    {
        link = null;
        if (payload.Length < FamilyHeaderSize)
        {
            error = NetlinkDecodeError.TruncatedFamilyHeader;
            return false;
        }

        var header = MemoryMarshal.Read<Interop.ifinfomsg>(payload);
        string? name = null;
        PhysicalAddress? address = null;
        uint mtu = 0;
        byte operState = 0;
        uint? parent = null;
        uint? master = null;
        var parentInOtherNamespace = false;
        string? kind = null;
        MacvlanMode? macvlanMode = null;

        var attributes = new AttributeReader(payload[Interop.NLMSG_ALIGN(FamilyHeaderSize)..]);
        while (attributes.TryRead(out var attribute, out error))
        {
            var ok = true;
            switch (attribute.Type)
            {
                case Interop.IFLA_IFNAME:
                    name = attribute.GetString();
                    break;
                case Interop.IFLA_ADDRESS:
                    address = new PhysicalAddress(attribute.Value.ToArray());
                    break;
                case Interop.IFLA_MTU:
                    ok = attribute.TryGetUInt32(out mtu);
                    break;
                case Interop.IFLA_OPERSTATE:
                    ok = attribute.TryGetByte(out operState);
                    break;
                case Interop.IFLA_LINK:
                    ok = attribute.TryGetUInt32(out var parentIndex);
                    parent = parentIndex;
                    break;
                case Interop.IFLA_MASTER:
                    ok = attribute.TryGetUInt32(out var masterIndex);
                    master = masterIndex;
                    break;
                case Interop.IFLA_LINK_NETNSID:
                    parentInOtherNamespace = true;
                    break;
                case Interop.IFLA_LINKINFO:
                    error = ParseLinkInfo(attribute.Nested, out kind, out macvlanMode);
                    if (error != NetlinkDecodeError.None)
                    {
                        return false;
                    }

                    break;
            }

            if (!ok)
            {
                error = NetlinkDecodeError.AttributeValueSize;
                return false;
            }
        }

        if (error != NetlinkDecodeError.None)
        {
            return false;
        }

        if (name is null)
        {
            error = NetlinkDecodeError.MissingInterfaceName;
            return false;
        }

        link = new LinkInfo
        {
            Index = header.ifi_index,
            Name = name,
            Flags = (LinkFlags)header.ifi_flags,
            OperState = (OperState)operState,
            Address = address,
            Mtu = (int)mtu,
            Kind = kind,
            ParentIndex = parentInOtherNamespace ? null : (int?)parent,
            MasterIndex = (int?)master,
            MacvlanMode = kind == "macvlan" ? macvlanMode : null,
        };
        return true;
    }

    private static NetlinkDecodeError ParseLinkInfo(AttributeReader info, out string? kind, out MacvlanMode? macvlanMode)
    {
        kind = null;
        macvlanMode = null;
        NetlinkDecodeError error;
        while (info.TryRead(out var attribute, out error))
        {
            switch (attribute.Type)
            {
                case Interop.IFLA_INFO_KIND:
                    kind = attribute.GetString();
                    break;
                case Interop.IFLA_INFO_DATA:
                    // Its members depend on the kind; the kernel sends IFLA_INFO_KIND first. Only macvlan's are read.
                    var data = attribute.Nested;
                    while (data.TryRead(out var member, out error))
                    {
                        if (member.Type == Interop.IFLA_MACVLAN_MODE)
                        {
                            if (!member.TryGetUInt32(out var mode))
                            {
                                return NetlinkDecodeError.AttributeValueSize;
                            }

                            macvlanMode = (MacvlanMode)mode;
                        }
                    }

                    if (error != NetlinkDecodeError.None)
                    {
                        return error;
                    }

                    break;
            }
        }

        return error;
    }
}
