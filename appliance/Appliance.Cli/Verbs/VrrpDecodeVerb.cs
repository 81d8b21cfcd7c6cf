using System.Buffers.Binary;
using System.Net.Sockets;
using Appliance.Vrrp.Wire;

namespace Appliance.Cli.Verbs;

/// <summary>
/// <c>appliance vrrp decode HEX</c>: an operator's look at a captured packet. It prints the fields as they are on the
/// wire (even of an invalid packet, as far as they are there), then the verdict of the same decoder the node uses.
/// </summary>
internal static class VrrpDecodeVerb
{
    public static async Task<int> Run(string[] args)
    {
        var text = args switch
        {
            ["-"] => await Console.In.ReadToEndAsync().ConfigureAwait(false),
            [] => throw new UsageException("a hex packet (or - for standard input) is needed"),
            _ => string.Join(' ', args),
        };

        var packet = HexText.Parse(text);
        return Decode(packet, Console.Out);
    }

    internal static int Decode(byte[] packet, TextWriter output)
    {
        if (!IpPacketReader.TryRead(packet, out var metadata, out var range, out var ipError))
        {
            output.WriteLine($"invalid: {ipError}");
            return ExitCodes.Failed;
        }

        var ipv6 = metadata.Source.AddressFamily == AddressFamily.InterNetworkV6;
        output.WriteLine($"{(ipv6 ? "IPv6" : "IPv4")} {metadata.Source} -> {metadata.Destination}, {(ipv6 ? "hop limit" : "TTL")} {metadata.HopLimit}");
        var message = packet.AsSpan(range);
        PrintFields(message, ipv6, output);

        var mode = ChecksumMode.Standard;
        if (!AdvertisementReader.TryRead(message, metadata, mode, out var advertisement, out var error))
        {
            output.WriteLine($"invalid: {error}");
            return ExitCodes.Failed;
        }

        output.WriteLine($"checksum ok{(InternetChecksum.IncludesPseudoHeader(advertisement.Version, advertisement.Family, mode) ? " (with pseudo-header)" : string.Empty)}");
        output.WriteLine(advertisement.ToString());
        return ExitCodes.Ok;
    }

    private static void PrintFields(ReadOnlySpan<byte> message, bool ipv6, TextWriter output)
    {
        if (message.Length < VrrpProtocol.HeaderLength)
        {
            return;
        }

        var version = message[0] >> 4;
        output.WriteLine($"  version            {version}");
        output.WriteLine($"  type               {message[0] & 0x0F}{((message[0] & 0x0F) == 1 ? " (advertisement)" : string.Empty)}");
        output.WriteLine($"  virtual router id  {message[1]}");
        output.WriteLine($"  priority           {message[2]}{PriorityNote(message[2])}");
        output.WriteLine($"  address count      {message[3]}");
        if (version == 2)
        {
            output.WriteLine($"  auth type          {message[4]}");
            output.WriteLine($"  advert interval    {message[5]}s");
        }
        else
        {
            var centiseconds = BinaryPrimitives.ReadUInt16BigEndian(message[4..]) & 0x0FFF;
            output.WriteLine($"  max advert int     {centiseconds} cs ({centiseconds * 10} ms)");
        }

        output.WriteLine($"  checksum           0x{BinaryPrimitives.ReadUInt16BigEndian(message[6..]):x4}");
        var addressLength = ipv6 ? 16 : 4;
        var offset = VrrpProtocol.HeaderLength;
        for (var i = 0; i < message[3] && offset + addressLength <= message.Length; i++, offset += addressLength)
        {
            output.WriteLine($"  address            {new System.Net.IPAddress(message.Slice(offset, addressLength))}");
        }
    }

    private static string PriorityNote(byte priority) => priority switch
    {
        0 => " (resigning)",
        255 => " (address owner)",
        _ => string.Empty,
    };
}
