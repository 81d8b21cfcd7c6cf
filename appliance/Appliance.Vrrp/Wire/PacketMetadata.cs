using System.Net;

namespace Appliance.Vrrp.Wire;

/// <summary>
/// What the IP layer tells about a received VRRP message. The Linux edge reads it from the IPv4 header or from
/// IPv6 ancillary data; <see cref="IpPacketReader"/> reads it from a captured packet. The decoder takes it as
/// plain values so that it can be tested without a socket.
/// </summary>
public readonly record struct PacketMetadata(IPAddress Source, IPAddress Destination, byte HopLimit);
