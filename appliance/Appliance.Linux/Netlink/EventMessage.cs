namespace Appliance.Linux.Netlink;

/// <summary>Turns a notification of a monitor socket into a <see cref="NetlinkEvent"/>.</summary>
internal static class EventMessage
{
    /// <summary>
    /// True with an event, true with null for a valid message that is not a link or address notification (not
    /// for us), false with a reason for a malformed one.
    /// </summary>
    public static bool TryParse(in NetlinkMessage message, out NetlinkEvent? change, out NetlinkDecodeError error)
    {
        change = null;
        error = NetlinkDecodeError.None;
        switch (message.Type)
        {
            case Interop.RTM_NEWLINK:
            case Interop.RTM_DELLINK:
                // The bridge announces its ports' bridge state on the link group as family AF_BRIDGE, and a
                // port leaving its bridge as RTM_DELLINK: the interface itself is still there.
                if (!message.Payload.IsEmpty && message.Payload[0] == Interop.AF_BRIDGE)
                {
                    return true;
                }

                if (!LinkMessage.TryParse(message.Payload, out var link, out error))
                {
                    return false;
                }

                change = message.Type == Interop.RTM_NEWLINK ? new LinkChanged(link) : new LinkRemoved(link);
                return true;
            case Interop.RTM_NEWADDR:
            case Interop.RTM_DELADDR:
                if (!AddressMessage.TryParse(message.Payload, out var address, out error))
                {
                    // Other families (e.g. MPLS, DECnet) are valid, only not ours.
                    return error == NetlinkDecodeError.UnsupportedAddressFamily && Ignore(out error);
                }

                change = message.Type == Interop.RTM_NEWADDR ? new AddressAdded(address) : new AddressRemoved(address);
                return true;
            default:
                return true;
        }
    }

    private static bool Ignore(out NetlinkDecodeError error)
    {
        error = NetlinkDecodeError.None;
        return true;
    }
}
