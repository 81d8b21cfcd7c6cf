using System.Net;
using Appliance.Linux.Netlink;
using static Appliance.Linux.Tests.Captures;

namespace Appliance.Linux.Tests.Netlink;

/// <summary>Address messages the kernel sent (TestData/kernel-messages.txt).</summary>
public sealed class AddressMessageTests
{
    [Fact]
    public void Ipv4_address_has_its_label_and_prefix()
    {
        var address = Parse("addr-ipv4-global");

        Assert.Equal(
            (3, IPAddress.Parse("192.0.2.10"), 24, AddressScope.Universe, "veth0:vip"),
            (address.InterfaceIndex, address.Address, address.PrefixLength, address.Scope, address.Label));
        Assert.Equal(AddressFlags.Permanent, address.Flags);
        Assert.Equal("192.0.2.10/24", address.Cidr);
    }

    [Fact]
    public void Ipv6_address_added_without_dad_is_usable_at_once()
    {
        var address = Parse("addr-ipv6-global");

        Assert.Equal(IPAddress.Parse("2001:db8::10"), address.Address);
        Assert.Equal(64, address.PrefixLength);
        Assert.Equal(AddressFlags.NoDad | AddressFlags.Permanent, address.Flags);
        Assert.True(address.IsUsable);
    }

    [Fact]
    public void Link_local_address_under_dad_is_tentative_and_not_usable()
    {
        var address = Parse("addr-ipv6-link");

        Assert.Equal(AddressScope.Link, address.Scope);
        Assert.True(address.Address.IsIPv6LinkLocal);
        Assert.True(address.Flags.HasFlag(AddressFlags.Tentative));
        Assert.False(address.IsUsable);
    }

    [Theory]
    // ifaddrmsg cut short.
    [InlineData("02 18 00 00 0300", NetlinkDecodeError.TruncatedFamilyHeader)]
    // AF_PACKET (17): valid, but not an IP address.
    [InlineData("11 00 00 00 03000000", NetlinkDecodeError.UnsupportedAddressFamily)]
    // IPv4 /33.
    [InlineData("02 21 00 00 03000000  0800 0200 c000020a", NetlinkDecodeError.PrefixLengthOutOfRange)]
    // No IFA_LOCAL, no IFA_ADDRESS.
    [InlineData("02 18 00 00 03000000  0800 0400 c00002ff", NetlinkDecodeError.MissingAddress)]
    // IPv6 with a 4-byte address.
    [InlineData("0a 40 00 00 03000000  0800 0100 c000020a", NetlinkDecodeError.AttributeValueSize)]
    // IFA_FLAGS of 2 bytes.
    [InlineData("02 18 00 00 03000000  0800 0200 c000020a 0600 0800 0002 0000", NetlinkDecodeError.AttributeValueSize)]
    // rta_len below the header.
    [InlineData("02 18 00 00 03000000  0200 0200 c000020a", NetlinkDecodeError.AttributeLengthBelowHeader)]
    public void Malformed_address_messages_are_rejected_with_their_reason(string payload, NetlinkDecodeError expected)
    {
        Assert.False(AddressMessage.TryParse(Hex(payload), out var address, out var error));
        Assert.Null(address);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Ifa_flags_attribute_supersedes_the_eight_bit_field()
    {
        // ifa_flags says SECONDARY (0x01); IFA_FLAGS says NOPREFIXROUTE|PERMANENT.
        Assert.True(AddressMessage.TryParse(Hex("02 20 01 00 03000000  0800 0200 c000020c  0800 0800 80020000"), out var address, out _));

        Assert.Equal(AddressFlags.NoPrefixRoute | AddressFlags.Permanent, address.Flags);
    }

    [Fact]
    public void Local_address_wins_over_the_peer_address()
    {
        // Point-to-point: IFA_ADDRESS is the peer 192.0.2.2, IFA_LOCAL our 192.0.2.1.
        Assert.True(AddressMessage.TryParse(Hex("02 20 00 00 03000000  0800 0100 c0000202  0800 0200 c0000201"), out var address, out _));

        Assert.Equal(IPAddress.Parse("192.0.2.1"), address.Address);
    }

    private static AddressInfo Parse(string capture)
    {
        var reader = new NetlinkReader(KernelMessages[capture]);
        Assert.True(reader.TryRead(out var message, out _));
        Assert.Equal(Interop.RTM_NEWADDR, message.Type);
        Assert.True(AddressMessage.TryParse(message.Payload, out var address, out var error), error.ToString());
        return address;
    }
}
