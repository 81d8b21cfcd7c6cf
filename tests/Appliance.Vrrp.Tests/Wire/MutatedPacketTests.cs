using System.Buffers.Binary;
using System.Net.Sockets;
using Appliance.Vrrp.Wire;
using CsCheck;

namespace Appliance.Vrrp.Tests.Wire;

/// <summary>
/// Structure-aware fuzzing of the decoder: a valid advertisement is encoded, one field is mutated (interval, reserved
/// bits, authentication type, VRID, priority, addresses, address count with the length kept consistent, type,
/// version), and the checksum is made right again, so that the checks after the checksum are what is exercised.
/// Random bytes almost never pass the checksum and so never reach them.
/// </summary>
public sealed class MutatedPacketTests
{
    private enum Field { Interval, AuthType, Vrid, Priority, AddressByte, Count, Type, Version }

    private static readonly Gen<(Advertisement Ad, Field Field, int Value, int Index)> GenMutation =
        Gen.Select(CodecPropertyTests.GenAdvertisement, Gen.Enum<Field>(), Gen.Int[0, 65535], Gen.Int[0, 1000]);

    /// <summary>The encoded advertisement with one field changed and a checksum that is right for the result.</summary>
    private static byte[] Mutate(Advertisement ad, Field field, int value, int index)
    {
        var message = Packets.Message(ad);
        var addressLength = ad.Family == AddressFamily.InterNetworkV6 ? 16 : 4;
        switch (field)
        {
            case Field.Interval:
                // v3: 4 reserved bits and 12 bits of centiseconds; v2: the seconds byte (0 included).
                if (ad.Version == VrrpVersion.V3)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(4), (ushort)value);
                }
                else
                {
                    message[5] = (byte)value;
                }

                break;
            case Field.AuthType:
                message[4] = (byte)(value % 4);
                break;
            case Field.Vrid:
                message[1] = (byte)value;
                break;
            case Field.Priority:
                message[2] = (byte)value;
                break;
            case Field.AddressByte when message.Length > VrrpProtocol.HeaderLength:
                message[VrrpProtocol.HeaderLength + (index % (message.Length - VrrpProtocol.HeaderLength))] = (byte)value;
                break;
            case Field.Count:
                // A different count with a length to match: the length check passes, the addresses are whatever.
                var count = value % 20;
                var trailer = ad.Version == VrrpVersion.V2 ? VrrpProtocol.V2AuthenticationDataLength : 0;
                var resized = new byte[VrrpProtocol.HeaderLength + (count * addressLength) + trailer];
                message.AsSpan(0, Math.Min(message.Length, resized.Length)).CopyTo(resized);
                resized[3] = (byte)count;
                message = resized;
                break;
            case Field.Type:
                message[0] = (byte)((message[0] & 0xF0) | (value & 0x0F));
                break;
            case Field.Version:
                message[0] = (byte)(((value & 0x0F) << 4) | (message[0] & 0x0F));
                break;
        }

        var version = (message[0] >> 4) is 2 or 3 ? (VrrpVersion)(message[0] >> 4) : ad.Version;
        message[6] = 0;
        message[7] = 0;
        var checksum = InternetChecksum.Compute(message, version, Packets.SourceFor(ad.Family), Packets.GroupFor(ad.Family), ChecksumMode.Standard);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), checksum);
        return message;
    }

    [Fact]
    public void Mutated_packets_with_a_valid_checksum_are_decoded_exactly_or_refused_for_what_is_wrong()
    {
        var outcomes = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        GenMutation.Sample(t =>
        {
            var (ad, field, value, index) = t;
            var message = Mutate(ad, field, value, index);
            var addressLength = ad.Family == AddressFamily.InterNetworkV6 ? 16 : 4;
            var accepted = AdvertisementReader.TryRead(message, Packets.Metadata(ad), ChecksumMode.Standard, out var decoded, out var error);
            outcomes.AddOrUpdate(accepted ? "accepted" : error.Reason.ToString(), 1, (_, n) => n + 1);

            // The checksum is right by construction: a refusal names a check that comes before or after it.
            Assert.NotEqual(DropReason.BadChecksum, accepted ? default : error.Reason);
            if (!accepted)
            {
                Assert.False(string.IsNullOrWhiteSpace(error.Message));
                return;
            }

            // Accepted: every field is what the bytes say, and the reserved bits are ignored (RFC 9568 5.2.7).
            Assert.Equal(message[1], decoded.VirtualRouterId);
            Assert.Equal(message[2], decoded.Priority);
            Assert.Equal(message[3], decoded.Addresses.Count);
            Assert.Equal(message.Length, decoded.MessageLength);
            var expectedInterval = decoded.Version == VrrpVersion.V3
                ? TimeSpan.FromMilliseconds((BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(4)) & 0x0FFF) * 10)
                : TimeSpan.FromSeconds(message[5]);
            Assert.Equal(expectedInterval, decoded.Interval);
            Assert.True(decoded.Interval > TimeSpan.Zero);
            // The addresses as sent (v2's authentication data, type 0, is not read: RFC 3768 5.3.10). VRID 0 decodes
            // too: no router has it, so the receiver drops it as unknown_vrid (RFC 9568 7.1).
            Assert.Equal(message.AsSpan(8, message[3] * addressLength).ToArray(), decoded.Addresses.SelectMany(a => a.GetAddressBytes()).ToArray());
        }, iter: 20_000);

        // The point of the generator: refusals after the checksum, and acceptance, are reached, not only the
        // checks before it.
        foreach (var reason in new[] { "accepted", nameof(DropReason.ZeroInterval), nameof(DropReason.UnsupportedAuthentication), nameof(DropReason.UnknownType), nameof(DropReason.UnsupportedVersion) })
        {
            Assert.True(outcomes.GetValueOrDefault(reason) > 0, $"{reason} never reached: {string.Join(", ", outcomes)}");
        }
    }
}
