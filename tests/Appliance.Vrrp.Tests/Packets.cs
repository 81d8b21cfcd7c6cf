using System.Net;
using System.Net.Sockets;
using Appliance.Vrrp.Wire;

namespace Appliance.Vrrp.Tests;

/// <summary>Builders for advertisements and packets used across the tests.</summary>
internal static class Packets
{
    public static readonly IPAddress SourceV4 = IPAddress.Parse("192.0.2.12");
    public static readonly IPAddress SourceV6 = IPAddress.Parse("fe80::12");

    public static Advertisement V3(byte vrid = 51, byte priority = 150, int intervalMs = 1000, params string[] addresses) => new()
    {
        Version = VrrpVersion.V3,
        VirtualRouterId = vrid,
        Priority = priority,
        Interval = TimeSpan.FromMilliseconds(intervalMs),
        Family = addresses.Length > 0 && addresses[0].Contains(':') ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork,
        Addresses = (addresses.Length == 0 ? ["192.0.2.10"] : addresses).Select(IPAddress.Parse).ToArray(),
    };

    public static Advertisement V2(byte vrid = 51, byte priority = 150, int intervalSeconds = 1, params string[] addresses) => new()
    {
        Version = VrrpVersion.V2,
        VirtualRouterId = vrid,
        Priority = priority,
        Interval = TimeSpan.FromSeconds(intervalSeconds),
        Family = AddressFamily.InterNetwork,
        Addresses = (addresses.Length == 0 ? ["192.0.2.10"] : addresses).Select(IPAddress.Parse).ToArray(),
    };

    public static IPAddress GroupFor(AddressFamily family) =>
        family == AddressFamily.InterNetworkV6 ? VrrpProtocol.MulticastGroupV6 : VrrpProtocol.MulticastGroupV4;

    public static IPAddress SourceFor(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? SourceV6 : SourceV4;

    /// <summary>The VRRP message alone, as the Linux edge receives it.</summary>
    public static byte[] Message(Advertisement advertisement, IPAddress? source = null, ChecksumMode mode = ChecksumMode.Standard)
    {
        var buffer = new byte[AdvertisementWriter.MaxMessageLength + 8];
        var length = AdvertisementWriter.Write(advertisement, source ?? SourceFor(advertisement.Family), GroupFor(advertisement.Family), mode, buffer);
        return buffer[..length];
    }

    public static PacketMetadata Metadata(Advertisement advertisement, IPAddress? source = null, byte hopLimit = 255) =>
        new(source ?? SourceFor(advertisement.Family), GroupFor(advertisement.Family), hopLimit);

    /// <summary>A whole IP packet, as a capture shows it.</summary>
    public static byte[] IpPacket(Advertisement advertisement, IPAddress? source = null, byte hopLimit = 255, ChecksumMode mode = ChecksumMode.Standard)
    {
        var message = Message(advertisement, source, mode);
        var buffer = new byte[message.Length + 40];
        var length = IpPacketWriter.Write(message, Metadata(advertisement, source, hopLimit), buffer);
        return buffer[..length];
    }
}
