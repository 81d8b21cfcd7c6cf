namespace Appliance.Vrrp.Wire;

/// <summary>How the checksum of a VRRPv3 message over IPv4 is computed.</summary>
public enum ChecksumMode
{
    /// <summary>RFC 9568 5.2.8: the IPv4 or IPv6 pseudo-header is included (keepalived and other Linux implementations).</summary>
    Standard,

    /// <summary>
    /// VRRPv3 over IPv4 checksummed like VRRPv2, without the pseudo-header, as some router vendors do.
    /// keepalived calls this switch <c>v3_checksum_as_v2</c>. It has no effect on IPv6 or on VRRPv2.
    /// </summary>
    V3AsV2,
}
