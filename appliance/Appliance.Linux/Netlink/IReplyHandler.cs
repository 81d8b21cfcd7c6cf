namespace Appliance.Linux.Netlink;

/// <summary>Receives the data messages of one reply (what the request asked for).</summary>
internal interface IReplyHandler
{
    /// <summary>None to go on; a reason when the message is malformed, which fails the request.</summary>
    NetlinkDecodeError Handle(in NetlinkMessage message);

    /// <summary>Forget what was collected: an interrupted dump starts again.</summary>
    void Reset();
}
