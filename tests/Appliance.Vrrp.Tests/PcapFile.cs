using System.Buffers.Binary;

namespace Appliance.Vrrp.Tests;

/// <summary>The classic libpcap format with LINKTYPE_RAW (101): each record is a bare IPv4 or IPv6 packet.</summary>
internal static class PcapFile
{
    public static void WriteHeader(Stream stream)
    {
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xa1b2c3d4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 101);
        stream.Write(header);
    }

    public static void WritePacket(Stream stream, ReadOnlySpan<byte> packet)
    {
        Span<byte> record = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)packet.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)packet.Length);
        stream.Write(record);
        stream.Write(packet);
    }
}
