using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Appliance.Linux.Netlink;

/// <summary>Decodes the payload of RTM_NEWADDR / RTM_DELADDR: ifaddrmsg plus IFA_* attributes.</summary>
internal static class AddressMessage
{
    private static readonly int FamilyHeaderSize = Unsafe.SizeOf<Interop.ifaddrmsg>();

    public static bool TryParse(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out AddressInfo? address, out NetlinkDecodeError error)
    {
        address = null;
        if (payload.Length < FamilyHeaderSize)
        {
            error = NetlinkDecodeError.TruncatedFamilyHeader;
            return false;
        }

        var header = MemoryMarshal.Read<Interop.ifaddrmsg>(payload);
        int addressLength;
        switch (header.ifa_family)
        {
            case Interop.AF_INET:
                addressLength = 4;
                break;
            case Interop.AF_INET6:
                addressLength = 16;
                break;
            default:
                error = NetlinkDecodeError.UnsupportedAddressFamily;
                return false;
        }

        if (header.ifa_prefixlen > addressLength * 8)
        {
            error = NetlinkDecodeError.PrefixLengthOutOfRange;
            return false;
        }

        IPAddress? local = null;
        IPAddress? prefixAddress = null;
        uint flags = header.ifa_flags;
        string? label = null;
        var attributes = new AttributeReader(payload[Interop.NLMSG_ALIGN(FamilyHeaderSize)..]);
        while (attributes.TryRead(out var attribute, out error))
        {
            if (attribute.Type == Interop.IFA_LABEL)
            {
                label = attribute.GetString();
            }

            var ok = attribute.Type switch
            {
                Interop.IFA_LOCAL => attribute.TryGetAddress(addressLength, out local),
                Interop.IFA_ADDRESS => attribute.TryGetAddress(addressLength, out prefixAddress),
                // IFA_FLAGS carries all 32 bits and supersedes the 8-bit ifa_flags.
                Interop.IFA_FLAGS => attribute.TryGetUInt32(out flags),
                _ => true,
            };
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

        // IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer on point-to-point links and the
        // only one IPv6 sends otherwise (iproute2 prints the same choice).
        var own = local ?? prefixAddress;
        if (own is null)
        {
            error = NetlinkDecodeError.MissingAddress;
            return false;
        }

        address = new AddressInfo
        {
            InterfaceIndex = (int)header.ifa_index,
            Address = own,
            PrefixLength = header.ifa_prefixlen,
            Scope = (AddressScope)header.ifa_scope,
            Flags = (AddressFlags)flags,
            Label = label,
        };
        return true;
    }
}
