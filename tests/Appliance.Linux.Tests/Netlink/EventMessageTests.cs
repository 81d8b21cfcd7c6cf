using Appliance.Linux.Netlink;
using static Appliance.Linux.Tests.Captures;

namespace Appliance.Linux.Tests.Netlink;

public sealed class EventMessageTests
{
    [Theory]
    [InlineData("link-veth0", (ushort)16, typeof(LinkChanged))]
    [InlineData("link-veth0", (ushort)17, typeof(LinkRemoved))]
    [InlineData("addr-ipv4-global", (ushort)20, typeof(AddressAdded))]
    [InlineData("addr-ipv4-global", (ushort)21, typeof(AddressRemoved))]
    public void Notifications_become_typed_events(string capture, ushort type, Type expected)
    {
        var bytes = KernelMessages[capture].ToArray();
        BitConverter.TryWriteBytes(bytes.AsSpan(4), type);
        var reader = new NetlinkReader(bytes);
        Assert.True(reader.TryRead(out var message, out _));

        Assert.True(EventMessage.TryParse(message, out var change, out var error), error.ToString());

        Assert.IsType(expected, change);
    }

    [Fact]
    public void Bridge_port_notifications_are_not_link_changes()
    {
        // RTM_DELLINK with ifi_family AF_BRIDGE: veth0 left its bridge, it was not deleted.
        var bytes = KernelMessages["link-veth0"].ToArray();
        BitConverter.TryWriteBytes(bytes.AsSpan(4), Interop.RTM_DELLINK);
        bytes[16] = Interop.AF_BRIDGE;
        var reader = new NetlinkReader(bytes);
        Assert.True(reader.TryRead(out var message, out _));

        Assert.True(EventMessage.TryParse(message, out var change, out _));
        Assert.Null(change);
    }

    [Fact]
    public void Other_notifications_are_valid_but_not_events()
    {
        // An RTM_NEWROUTE: a group we may share a socket with, but not ours to report.
        var reader = new NetlinkReader(Hex("1c000000 1800 0000 00000000 00000000 02000000 fe030001 00000000"));
        Assert.True(reader.TryRead(out var message, out _));

        Assert.True(EventMessage.TryParse(message, out var change, out _));
        Assert.Null(change);
    }
}
