using System.Net;
using Appliance.Linux.Netlink;
using static Appliance.Linux.Tests.Captures;

namespace Appliance.Linux.Tests.Netlink;

public sealed class NetlinkWriterTests
{
    [Fact]
    public void Message_length_covers_header_family_header_and_attributes()
    {
        var buffer = new byte[64];
        var writer = new NetlinkWriter(buffer);
        writer.BeginMessage(type: 0x14, flags: 0x605, sequence: 0x01020304, portId: 7);
        writer.WriteFamilyHeader(new Interop.ifaddrmsg { ifa_family = 2, ifa_prefixlen = 24, ifa_index = 3 });
        writer.WriteUInt32Attribute(8, 0x200);
        var length = writer.EndMessage();

        Assert.Equal(32, length);
        Assert.Equal(
            Hex("20000000 1400 0506 04030201 07000000  02 18 00 00 03000000  0800 0800 00020000"),
            buffer[..length]);
    }

    [Fact]
    public void Attributes_are_padded_to_four_bytes_and_the_padding_is_zeroed()
    {
        var buffer = Enumerable.Repeat((byte)0xAA, 64).ToArray();
        var writer = new NetlinkWriter(buffer);
        writer.BeginMessage(0x10, 0x1, 1);
        writer.WriteStringAttribute(3, "eth0");    // 4 + 5 bytes, 3 bytes of padding
        writer.WriteUInt8Attribute(16, 6);         // 4 + 1 bytes, 3 bytes of padding
        var length = writer.EndMessage();

        Assert.Equal(16 + 12 + 8, length);
        Assert.Equal(Hex("0900 0300 65746830 00 000000  0500 1000 06 000000"), buffer[16..length]);
        Assert.All(buffer[length..], b => Assert.Equal(0xAA, b));
    }

    [Fact]
    public void Nested_attribute_length_covers_its_members_and_their_padding()
    {
        var buffer = new byte[64];
        var writer = new NetlinkWriter(buffer);
        writer.BeginMessage(0x10, 0x1, 1);
        var outer = writer.BeginNested(18);
        writer.WriteStringAttribute(1, "macvlan", nulTerminated: false);   // 4 + 7, 1 byte of padding
        var inner = writer.BeginNested(2);
        writer.WriteUInt32Attribute(1, 4);           // 4 + 4
        writer.EndNested(inner);
        writer.EndNested(outer);
        var length = writer.EndMessage();

        Assert.Equal(
            Hex("1c00 1200  0b00 0100 6d6163766c616e00  0c00 0200 0800 0100 04000000"),
            buffer[16..length]);
    }

    [Fact]
    public void Strings_carry_their_nul_unless_told_otherwise()
    {
        var buffer = new byte[64];
        var writer = new NetlinkWriter(buffer);
        writer.BeginMessage(0x10, 0x1, 1);
        writer.WriteStringAttribute(3, "mv1");
        writer.WriteStringAttribute(1, "veth", nulTerminated: false);
        var length = writer.EndMessage();

        Assert.Equal(Hex("0800 0300 6d763100  0800 0100 76657468"), buffer[16..length]);
    }

    [Fact]
    public void Addresses_are_written_in_network_byte_order()
    {
        var buffer = new byte[64];
        var writer = new NetlinkWriter(buffer);
        writer.BeginMessage(0x14, 0x1, 1);
        writer.WriteAddressAttribute(1, IPAddress.Parse("192.0.2.10"));
        writer.WriteAddressAttribute(2, IPAddress.Parse("2001:db8::10"));
        var length = writer.EndMessage();

        Assert.Equal(
            Hex("0800 0100 c000020a  1400 0200 20010db8000000000000000000000010"),
            buffer[16..length]);
    }

    [Fact]
    public void Several_messages_can_share_one_buffer()
    {
        var buffer = new byte[64];
        var writer = new NetlinkWriter(buffer);
        writer.BeginMessage(0x12, 0x1, 1);
        writer.EndMessage();
        writer.BeginMessage(0x12, 0x1, 2);
        var length = writer.EndMessage();

        Assert.Equal(32, length);
        var reader = new NetlinkReader(buffer.AsSpan(0, length));
        Assert.True(reader.TryRead(out var first, out _));
        Assert.True(reader.TryRead(out var second, out _));
        Assert.Equal((1u, 2u), (first.Sequence, second.Sequence));
    }

    [Fact]
    public void A_buffer_too_small_for_the_request_is_a_bug_and_throws()
    {
        var buffer = new byte[20];

        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            var writer = new NetlinkWriter(buffer);
            writer.BeginMessage(0x12, 0x1, 1);
            writer.WriteStringAttribute(3, "veth0");
        });
        Assert.Contains("20 bytes", error.Message, StringComparison.Ordinal);
    }
}
