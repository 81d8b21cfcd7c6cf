using System.Buffers.Binary;
using System.Text;

namespace Appliance.Supervisor.Upgrade;

/// <summary>
/// The syslinux Auxiliary Data Vector: the last 1024 bytes of ldlinux.sys, two identical 512-byte copies of
/// <c>u32 magic1 | u32 checksum | 500 bytes of records | u32 magic3</c> (little-endian), where
/// checksum = 0xa3041767 - (sum of the 125 words of the records), and a record is tag, length, bytes; tag 0 ends
/// the list, tag 1 is the boot-once label (syslinux doc/adv.txt). ldlinux clears a boot-once label on disk before
/// it boots that label: a trial boot is used up even if it never comes back (image/BOOT.md).
/// </summary>
public static class SyslinuxAdv
{
    public const int Size = 512;
    public const int Length = 2 * Size;
    public const uint Magic1 = 0x5a2d2fa5;
    public const uint Magic2 = 0xa3041767;
    public const uint Magic3 = 0xdd28bf64;
    public const byte TagBootOnce = 1;

    public static byte[] Encode(string? bootOnce)
    {
        var sector = new byte[Size];
        BinaryPrimitives.WriteUInt32LittleEndian(sector, Magic1);
        if (!string.IsNullOrEmpty(bootOnce))
        {
            var label = Encoding.ASCII.GetBytes(bootOnce);
            if (label.Length > 255)
            {
                throw new ArgumentException("a boot-once label has at most 255 bytes", nameof(bootOnce));
            }

            sector[8] = TagBootOnce;
            sector[9] = (byte)label.Length;
            label.CopyTo(sector, 10);
        }

        var checksum = Magic2;
        for (var i = 8; i < Size - 4; i += 4)
        {
            checksum -= BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(i));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(sector.AsSpan(4), checksum);
        BinaryPrimitives.WriteUInt32LittleEndian(sector.AsSpan(Size - 4), Magic3);
        return [.. sector, .. sector];
    }

    /// <summary>The boot-once label of the first valid copy (null when none is set); false when neither copy is valid.</summary>
    public static bool TryDecodeBootOnce(ReadOnlySpan<byte> adv, out string? bootOnce)
    {
        bootOnce = null;
        for (var copy = 0; copy < 2 && adv.Length >= (copy + 1) * Size; copy++)
        {
            var sector = adv.Slice(copy * Size, Size);
            if (!IsValid(sector))
            {
                continue;
            }

            var records = sector[8..(Size - 4)];
            for (var i = 0; i + 1 < records.Length && records[i] != 0; i += 2 + records[i + 1])
            {
                if (i + 2 + records[i + 1] > records.Length)
                {
                    break;
                }

                if (records[i] == TagBootOnce)
                {
                    bootOnce = Encoding.ASCII.GetString(records.Slice(i + 2, records[i + 1]));
                }
            }

            return true;
        }

        return false;
    }

    private static bool IsValid(ReadOnlySpan<byte> sector)
    {
        if (BinaryPrimitives.ReadUInt32LittleEndian(sector) != Magic1 || BinaryPrimitives.ReadUInt32LittleEndian(sector[(Size - 4)..]) != Magic3)
        {
            return false;
        }

        var sum = 0u;
        for (var i = 4; i < Size - 4; i += 4)
        {
            sum += BinaryPrimitives.ReadUInt32LittleEndian(sector[i..]);
        }

        return sum == Magic2;
    }
}
