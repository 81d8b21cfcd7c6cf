namespace Appliance.Vrrp.Wire;

/// <summary>The protocol version in the first nibble of every VRRP message.</summary>
public enum VrrpVersion : byte
{
    /// <summary>RFC 3768: IPv4 only, whole-second intervals, checksum over the VRRP message alone.</summary>
    V2 = 2,

    /// <summary>RFC 9568 (formerly RFC 5798): IPv4 and IPv6, centisecond intervals, checksum over a pseudo-header too.</summary>
    V3 = 3,
}
