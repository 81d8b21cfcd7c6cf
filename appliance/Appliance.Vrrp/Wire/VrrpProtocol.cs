using System.Net;

namespace Appliance.Vrrp.Wire;

/// <summary>Numbers fixed by the RFCs.</summary>
public static class VrrpProtocol
{
    /// <summary>IANA protocol number of VRRP (RFC 9568 5.1.1.4).</summary>
    public const byte IpProtocol = 112;

    /// <summary>The only Type the RFCs define (RFC 9568 5.2.2).</summary>
    public const byte TypeAdvertisement = 1;

    /// <summary>Sent and required TTL / hop limit (RFC 9568 5.1.1.3, 7.1): a packet that crossed a router is not from our LAN.</summary>
    public const byte HopLimit = 255;

    /// <summary>Fixed part of the message, before the addresses.</summary>
    public const int HeaderLength = 8;

    /// <summary>VRRPv2 always carries 8 bytes of authentication data after the addresses (RFC 3768 5.3.10).</summary>
    public const int V2AuthenticationDataLength = 8;

    /// <summary>Priority of the router that owns the virtual addresses (RFC 9568 5.2.4).</summary>
    public const byte OwnerPriority = 255;

    /// <summary>Priority that announces a resignation (RFC 9568 5.2.4).</summary>
    public const byte ResignPriority = 0;

    /// <summary>12 bits of centiseconds (RFC 9568 5.2.7).</summary>
    public const int V3MaxIntervalCentiseconds = 0x0FFF;

    public static readonly IPAddress MulticastGroupV4 = IPAddress.Parse("224.0.0.18");
    public static readonly IPAddress MulticastGroupV6 = IPAddress.Parse("ff02::12");

    public static readonly TimeSpan V3MinimumInterval = TimeSpan.FromMilliseconds(10);
    public static readonly TimeSpan V3MaximumInterval = TimeSpan.FromMilliseconds(V3MaxIntervalCentiseconds * 10);
    public static readonly TimeSpan V2MaximumInterval = TimeSpan.FromSeconds(255);
}
