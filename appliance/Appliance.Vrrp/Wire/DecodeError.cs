namespace Appliance.Vrrp.Wire;

/// <summary>A rejected packet: the counter it goes to, and one sentence that says exactly what was wrong.</summary>
public readonly record struct DecodeError(DropReason Reason, string Message)
{
    public override string ToString() => Message;

    internal static DecodeError Truncated(string what, int needed, int available) =>
        new(DropReason.Truncated, $"truncated: {what} needs {needed} bytes, {available} present");

    internal static DecodeError HopLimit(bool ipv6, byte value) =>
        new(DropReason.HopLimit, $"{(ipv6 ? "IPv6 hop limit" : "IPv4 TTL")} is {value}; must be 255 (RFC 9568 7.1)");

    internal static DecodeError UnsupportedVersion(int version) =>
        new(DropReason.UnsupportedVersion, $"VRRP version {version} is not supported; expected 2 or 3");

    internal static DecodeError V2OverIPv6() =>
        new(DropReason.FamilyMismatch, "VRRPv2 over IPv6: version 2 is defined for IPv4 only (RFC 3768)");

    internal static DecodeError UnknownType(int type) =>
        new(DropReason.UnknownType, $"VRRP type {type} is unknown; only 1 (ADVERTISEMENT) is defined");

    internal static DecodeError AddressCount(int count, int expectedLength, int actualLength) =>
        new(DropReason.AddressCountMismatch,
            $"address count {count} implies a {expectedLength}-byte message, but it is {actualLength} bytes");

    internal static DecodeError BadChecksum(ushort received, ushort expected, string? hint) =>
        new(DropReason.BadChecksum, $"bad checksum 0x{received:x4}, expected 0x{expected:x4}{hint}");

    internal static DecodeError ZeroInterval() =>
        new(DropReason.ZeroInterval, "advertisement interval is 0");

    internal static DecodeError UnsupportedAuthentication(int type) =>
        new(DropReason.UnsupportedAuthentication, type switch
        {
            1 => "VRRPv2 authentication type 1 (simple text password) is not supported; configure no authentication on the peer",
            2 => "VRRPv2 authentication type 2 (IP Authentication Header) is not supported; configure no authentication on the peer",
            _ => $"VRRPv2 authentication type {type} is unknown",
        });
}
