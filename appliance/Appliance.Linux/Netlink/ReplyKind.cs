namespace Appliance.Linux.Netlink;

/// <summary>How a request's reply ends.</summary>
internal enum ReplyKind
{
    /// <summary>Sent with NLM_F_ACK: ends with NLMSG_ERROR (error 0 on success).</summary>
    Acknowledgement,
    /// <summary>A GET for one object: ends with its one data message, or with NLMSG_ERROR.</summary>
    Single,
    /// <summary>NLM_F_DUMP: NLM_F_MULTI data messages over several datagrams, ended by NLMSG_DONE.</summary>
    Dump,
}
