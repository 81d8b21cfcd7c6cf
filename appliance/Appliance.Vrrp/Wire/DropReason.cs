namespace Appliance.Vrrp.Wire;

/// <summary>
/// Why a received VRRP packet was not handed to a virtual router. Each has its own counter (keepalived's
/// vrrp_check_packet is the model). The first group means the packet is invalid: RFC 9568 7.1 says it MUST be
/// discarded. The second means it is valid but not for us, or not acceptable to this instance.
/// </summary>
public enum DropReason
{
    // Invalid packets.
    Truncated,
    NotIp,
    IpHeaderInvalid,
    Fragmented,
    NotVrrp,
    HopLimit,
    UnsupportedVersion,
    FamilyMismatch,
    UnknownType,
    AddressCountMismatch,
    BadChecksum,
    ZeroInterval,
    UnsupportedAuthentication,

    // Valid, but not for this router.
    UnknownVirtualRouter,
    VersionMismatch,
    NotUnicastPeer,
    IntervalMismatch,
    AddressListMismatch,
    LocalOwner,
    OwnAdvertisement,
}

public static class DropReasonNames
{
    /// <summary>snake_case names used in status output and counters, stable for scripts.</summary>
    public static string ToName(this DropReason reason) => reason switch
    {
        DropReason.Truncated => "truncated",
        DropReason.NotIp => "not_ip",
        DropReason.IpHeaderInvalid => "ip_header_invalid",
        DropReason.Fragmented => "fragmented",
        DropReason.NotVrrp => "not_vrrp",
        DropReason.HopLimit => "hop_limit",
        DropReason.UnsupportedVersion => "unsupported_version",
        DropReason.FamilyMismatch => "family_mismatch",
        DropReason.UnknownType => "unknown_type",
        DropReason.AddressCountMismatch => "address_count_mismatch",
        DropReason.BadChecksum => "bad_checksum",
        DropReason.ZeroInterval => "zero_interval",
        DropReason.UnsupportedAuthentication => "unsupported_authentication",
        DropReason.UnknownVirtualRouter => "unknown_vrid",
        DropReason.VersionMismatch => "version_mismatch",
        DropReason.NotUnicastPeer => "not_unicast_peer",
        DropReason.IntervalMismatch => "interval_mismatch",
        DropReason.AddressListMismatch => "address_list_mismatch",
        DropReason.LocalOwner => "local_owner",
        DropReason.OwnAdvertisement => "own_advertisement",
        _ => reason.ToString(),
    };

    public static bool IsInvalidPacket(this DropReason reason) => reason < DropReason.UnknownVirtualRouter;
}
