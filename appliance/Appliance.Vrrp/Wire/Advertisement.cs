using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Appliance.Vrrp.Wire;

/// <summary>
/// One VRRP ADVERTISEMENT (RFC 9568 5.1, RFC 3768 5.1), independent of the IP header that carried it.
/// </summary>
public sealed record Advertisement
{
    public required VrrpVersion Version { get; init; }

    /// <summary>VRID, 1-255 (RFC 9568 5.2.3).</summary>
    public required byte VirtualRouterId { get; init; }

    /// <summary>0 resigns, 1-254 backups, 255 the address owner (RFC 9568 5.2.4).</summary>
    public required byte Priority { get; init; }

    /// <summary>
    /// v3: Max Advertise Interval, a whole number of centiseconds (RFC 9568 5.2.7);
    /// v2: Advertisement Interval, a whole number of seconds (RFC 3768 5.3.7).
    /// </summary>
    public required TimeSpan Interval { get; init; }

    /// <summary>The family of the IP packet, and so of every address (RFC 9568 5.2.9).</summary>
    public required AddressFamily Family { get; init; }

    public required IReadOnlyList<IPAddress> Addresses { get; init; }

    /// <summary>VRRPv2 Auth Type (RFC 3768 5.3.6); 0 means none and is the only one we speak. Always 0 for v3.</summary>
    public byte AuthenticationType { get; init; }

    public bool IsResignation => Priority == VrrpProtocol.ResignPriority;

    public int AddressLength => Family == AddressFamily.InterNetworkV6 ? 16 : 4;

    /// <summary>Length of the VRRP message on the wire, without the IP header.</summary>
    public int MessageLength =>
        VrrpProtocol.HeaderLength + Addresses.Count * AddressLength
        + (Version == VrrpVersion.V2 ? VrrpProtocol.V2AuthenticationDataLength : 0);

    public bool Equals(Advertisement? other) =>
        other is not null
        && Version == other.Version
        && VirtualRouterId == other.VirtualRouterId
        && Priority == other.Priority
        && Interval == other.Interval
        && Family == other.Family
        && AuthenticationType == other.AuthenticationType
        && Addresses.SequenceEqual(other.Addresses);

    public override int GetHashCode() => HashCode.Combine(Version, VirtualRouterId, Priority, Interval, Family, Addresses.Count);

    /// <summary>One line, as an operator reads it in a log or in <c>appliance vrrp decode</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("VRRPv").Append((int)Version)
            .Append(" advertisement vrid ").Append(VirtualRouterId)
            .Append(" priority ").Append(Priority)
            .Append(" interval ").Append(FormatInterval(Interval))
            .Append(" addresses ").Append(string.Join(',', Addresses));
        return text.ToString();
    }

    internal static string FormatInterval(TimeSpan interval) =>
        interval.TotalMilliseconds % 1000 == 0 ? $"{interval.TotalSeconds:0}s" : $"{interval.TotalMilliseconds:0}ms";
}
