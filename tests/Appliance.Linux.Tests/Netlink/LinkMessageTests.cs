using System.Net.NetworkInformation;
using Appliance.Linux.Netlink;
using static Appliance.Linux.Tests.Captures;

namespace Appliance.Linux.Tests.Netlink;

/// <summary>Link messages the kernel sent (TestData/kernel-messages.txt).</summary>
public sealed class LinkMessageTests
{
    [Fact]
    public void Veth_with_its_peer_up_is_up_with_carrier()
    {
        var link = Parse("link-veth0");

        Assert.Equal((3, "veth0", "veth", 2, 1500), (link.Index, link.Name, link.Kind, link.ParentIndex, link.Mtu));
        Assert.Equal(
            LinkFlags.Up | LinkFlags.Broadcast | LinkFlags.Running | LinkFlags.Multicast | LinkFlags.LowerUp,
            link.Flags);
        Assert.True(link.IsUp);
        Assert.True(link.HasCarrier);
        Assert.Equal(OperState.Up, link.OperState);
        Assert.Null(link.MacvlanMode);
    }

    [Fact]
    public void Macvlan_shows_its_parent_mode_and_virtual_mac()
    {
        var link = Parse("link-mv0");

        Assert.Equal((4, "mv0", "macvlan", 3), (link.Index, link.Name, link.Kind, link.ParentIndex));
        Assert.Equal(MacvlanMode.Private, link.MacvlanMode);
        Assert.Equal(PhysicalAddress.Parse("00-00-5E-00-01-33"), link.Address);
        Assert.False(link.IsUp);
        Assert.Equal(OperState.Down, link.OperState);
    }

    [Fact]
    public void Loopback_has_no_kind_and_no_parent()
    {
        var link = Parse("link-lo");

        Assert.Equal((1, "lo"), (link.Index, link.Name));
        Assert.True(link.Flags.HasFlag(LinkFlags.Loopback));
        Assert.Null(link.Kind);
        Assert.Null(link.ParentIndex);
    }

    [Theory]
    // ifinfomsg cut short.
    [InlineData("00 00 0100 03000000 00000000", NetlinkDecodeError.TruncatedFamilyHeader)]
    // No IFLA_IFNAME.
    [InlineData("00 00 0100 03000000 43100100 00000000  0800 0400 dc050000", NetlinkDecodeError.MissingInterfaceName)]
    // IFLA_MTU of 2 bytes.
    [InlineData("00 00 0100 03000000 43100100 00000000  0600 0400 dc05 0000", NetlinkDecodeError.AttributeValueSize)]
    // IFLA_OPERSTATE of 4 bytes.
    [InlineData("00 00 0100 03000000 43100100 00000000  0800 1000 06000000", NetlinkDecodeError.AttributeValueSize)]
    // An attribute running past the message.
    [InlineData("00 00 0100 03000000 43100100 00000000  1000 0300 76657468 3000", NetlinkDecodeError.AttributeLengthBeyondMessage)]
    // A broken attribute inside IFLA_LINKINFO.
    [InlineData("00 00 0100 03000000 43100100 00000000  0800 0300 65746830  0800 1200 0200 0100", NetlinkDecodeError.AttributeLengthBelowHeader)]
    // IFLA_MACVLAN_MODE of 2 bytes inside IFLA_LINKINFO/IFLA_INFO_DATA.
    [InlineData("00 00 0100 03000000 43100100 00000000  0800 0300 65746830  1c00 1200 0b00 0100 6d6163766c616e00 0c00 0200 0600 0100 0100 0000", NetlinkDecodeError.AttributeValueSize)]
    public void Malformed_link_messages_are_rejected_with_their_reason(string payload, NetlinkDecodeError expected)
    {
        Assert.False(LinkMessage.TryParse(Hex(payload), out var link, out var error));
        Assert.Null(link);
        Assert.Equal(expected, error);
    }

    private static LinkInfo Parse(string capture)
    {
        var reader = new NetlinkReader(KernelMessages[capture]);
        Assert.True(reader.TryRead(out var message, out _));
        Assert.Equal(Interop.RTM_NEWLINK, message.Type);
        Assert.True(LinkMessage.TryParse(message.Payload, out var link, out var error), error.ToString());
        return link;
    }
}
