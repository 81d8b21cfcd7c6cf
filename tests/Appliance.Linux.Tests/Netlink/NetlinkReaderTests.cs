using Appliance.Linux.Netlink;
using static Appliance.Linux.Tests.Captures;

namespace Appliance.Linux.Tests.Netlink;

public sealed class NetlinkReaderTests
{
    [Theory]
    // Empty datagram: nothing, and nothing wrong.
    [InlineData("", 0, NetlinkDecodeError.None)]
    // 8 bytes: less than an nlmsghdr.
    [InlineData("10000000 0300 0000", 0, NetlinkDecodeError.TruncatedHeader)]
    // nlmsg_len 8 < 16.
    [InlineData("08000000 0300 0000 01000000 00000000", 0, NetlinkDecodeError.LengthBelowHeader)]
    // nlmsg_len 0 would loop forever if trusted.
    [InlineData("00000000 0300 0000 01000000 00000000", 0, NetlinkDecodeError.LengthBelowHeader)]
    // nlmsg_len 32, only 16 bytes there.
    [InlineData("20000000 0300 0000 01000000 00000000", 0, NetlinkDecodeError.LengthBeyondBuffer)]
    // nlmsg_len 0xFFFFFFFF.
    [InlineData("ffffffff 0300 0000 01000000 00000000", 0, NetlinkDecodeError.LengthBeyondBuffer)]
    // One good message, then 4 stray bytes.
    [InlineData("10000000 0300 0000 01000000 00000000  01020304", 1, NetlinkDecodeError.TruncatedHeader)]
    // Two messages; the first has a 1-byte payload and 3 bytes of padding.
    [InlineData("11000000 1000 0000 01000000 00000000 aa 000000  10000000 0300 0000 01000000 00000000", 2, NetlinkDecodeError.None)]
    // The last message may come without its padding.
    [InlineData("11000000 1000 0000 01000000 00000000 aa", 1, NetlinkDecodeError.None)]
    // A bad message stops the walk: the good one after it is not read, as its position cannot be trusted.
    [InlineData("08000000 0300 0000 01000000 00000000  10000000 0300 0000 01000000 00000000", 0, NetlinkDecodeError.LengthBelowHeader)]
    public void Reader_yields_whole_messages_and_names_what_is_wrong(string datagram, int messages, NetlinkDecodeError expected)
    {
        var reader = new NetlinkReader(Hex(datagram));
        var count = 0;
        NetlinkDecodeError error;
        while (reader.TryRead(out _, out error))
        {
            count++;
        }

        Assert.Equal((messages, expected), (count, error));
    }

    [Fact]
    public void Header_fields_and_payload_are_read_in_host_order()
    {
        var reader = new NetlinkReader(Hex("14000000 1000 0200 64000000 9c4a0000  01020304"));

        Assert.True(reader.TryRead(out var message, out _));

        Assert.Equal((ushort)0x10, message.Type);
        Assert.True(message.HasFlag(Interop.NLM_F_MULTI));
        Assert.Equal(100u, message.Sequence);
        Assert.Equal(0x4a9cu, message.PortId);
        Assert.Equal(Hex("01020304"), message.Payload.ToArray());
    }

    [Theory]
    [InlineData("", 0, NetlinkDecodeError.None)]
    [InlineData("0800", 0, NetlinkDecodeError.AttributeTruncatedHeader)]
    // rta_len 2 < 4.
    [InlineData("0200 0300 00000000", 0, NetlinkDecodeError.AttributeLengthBelowHeader)]
    // rta_len 12, 8 bytes there.
    [InlineData("0c00 0300 00000000", 0, NetlinkDecodeError.AttributeLengthBeyondMessage)]
    // A good u32 attribute, then a truncated header.
    [InlineData("0800 0400 dc050000 0400", 1, NetlinkDecodeError.AttributeTruncatedHeader)]
    // An empty attribute (rta_len 4) is valid: flag attributes have no value.
    [InlineData("0400 0700 0800 0400 dc050000", 2, NetlinkDecodeError.None)]
    // The last attribute may lack its padding.
    [InlineData("0800 0400 dc050000 0500 1000 06", 2, NetlinkDecodeError.None)]
    public void Attribute_reader_yields_whole_attributes_and_names_what_is_wrong(string attributes, int count, NetlinkDecodeError expected)
    {
        var reader = new AttributeReader(Hex(attributes));
        var read = 0;
        NetlinkDecodeError error;
        while (reader.TryRead(out _, out error))
        {
            read++;
        }

        Assert.Equal((count, expected), (read, error));
    }

    [Fact]
    public void Attribute_type_has_the_nested_and_byte_order_flags_masked_off()
    {
        var reader = new AttributeReader(Hex("0800 1280 01000000"));

        Assert.True(reader.TryRead(out var attribute, out _));

        Assert.Equal(Interop.IFLA_LINKINFO, attribute.Type);
        Assert.True(attribute.IsNestedFlagSet);
    }

    [Theory]
    [InlineData("dc05", false)]
    [InlineData("dc050000", true)]
    [InlineData("dc05000000", false)]
    public void A_u32_attribute_must_be_four_bytes(string value, bool valid)
    {
        var bytes = Hex(value);
        var attribute = new NetlinkAttribute(4, bytes);

        Assert.Equal(valid, attribute.TryGetUInt32(out var mtu));
        Assert.Equal(valid ? 1500u : 0u, mtu);
    }

    [Theory]
    [InlineData("65746830 00", "eth0")]
    [InlineData("65746830", "eth0")]
    [InlineData("65746830 00 ffff", "eth0")]
    public void Strings_end_at_the_first_nul_or_at_the_end(string value, string expected) =>
        Assert.Equal(expected, new NetlinkAttribute(3, Hex(value)).GetString());
}
