using System.Buffers.Binary;
using Appliance.Linux.Netlink;

namespace Appliance.Fuzz;

/// <summary>
/// One datagram from a route netlink socket, read the two ways the product reads them: as notifications of the
/// monitor (<see cref="RouteNetlinkMonitor.DecodeEvents"/>) and as the reply to a request (<see cref="NetlinkReply"/>
/// with the link and address collectors of a dump, and with none for an acknowledgement). Nothing may throw: a
/// malformed message is a <see cref="NetlinkDecodeError"/>.
/// </summary>
internal static class NetlinkTarget
{
    public static void Run(ReadOnlySpan<byte> datagram)
    {
        var events = new List<NetlinkEvent>();
        var malformed = RouteNetlinkMonitor.DecodeEvents(datagram, events, out var reason);
        FuzzFinding.Require((malformed == 0) == (reason == NetlinkDecodeError.None), "a malformed message has a reason");

        // The reply path skips messages of other requests: answer as the request the first message belongs to.
        var sequence = datagram.Length >= 16 ? BinaryPrimitives.ReadUInt32LittleEndian(datagram[8..]) : 0;
        var portId = datagram.Length >= 16 ? BinaryPrimitives.ReadUInt32LittleEndian(datagram[12..]) : 0;
        new NetlinkReply(sequence, portId, ReplyKind.Dump, new LinkCollector()).Consume(datagram);
        new NetlinkReply(sequence, portId, ReplyKind.Dump, new AddressCollector()).Consume(datagram);
        new NetlinkReply(sequence, portId, ReplyKind.Acknowledgement, null).Consume(datagram);
    }
}
