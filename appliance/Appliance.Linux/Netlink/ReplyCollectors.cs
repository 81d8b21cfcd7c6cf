namespace Appliance.Linux.Netlink;

/// <summary>Collects the RTM_NEWLINK messages of a link dump or GET.</summary>
internal sealed class LinkCollector : IReplyHandler
{
    public List<LinkInfo> Links { get; } = [];

    public NetlinkDecodeError Handle(in NetlinkMessage message)
    {
        if (message.Type != Interop.RTM_NEWLINK)
        {
            return NetlinkDecodeError.None;
        }

        if (!LinkMessage.TryParse(message.Payload, out var link, out var error))
        {
            return error;
        }

        Links.Add(link);
        return NetlinkDecodeError.None;
    }

    public void Reset() => Links.Clear();
}

/// <summary>Collects the RTM_NEWADDR messages of an address dump; families other than IPv4/IPv6 are skipped.</summary>
internal sealed class AddressCollector : IReplyHandler
{
    public List<AddressInfo> Addresses { get; } = [];

    public NetlinkDecodeError Handle(in NetlinkMessage message)
    {
        if (message.Type != Interop.RTM_NEWADDR)
        {
            return NetlinkDecodeError.None;
        }

        if (!AddressMessage.TryParse(message.Payload, out var address, out var error))
        {
            return error == NetlinkDecodeError.UnsupportedAddressFamily ? NetlinkDecodeError.None : error;
        }

        Addresses.Add(address);
        return NetlinkDecodeError.None;
    }

    public void Reset() => Addresses.Clear();
}
