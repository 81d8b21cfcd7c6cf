using System.Buffers.Binary;
using System.Text;

namespace Appliance.ImageBuilder.Kernel;

// The two facts the build needs from ELF64 little-endian files: the .modinfo strings of a kernel module
// (what depmod reads) and whether an executable asks for a program interpreter (is dynamically linked).
internal static class ElfFile
{
    private const int HeaderSize = 64;
    private const int SectionHeaderSize = 64;
    private const int ProgramHeaderSize = 56;
    private const uint PtInterp = 3;

    public static bool TryReadModInfo(string path, out List<string> entries, out string why)
    {
        entries = [];
        var bytes = File.ReadAllBytes(path);
        if (!TryHeader(bytes, out why))
        {
            return false;
        }
        var span = bytes.AsSpan();
        var sectionTable = BinaryPrimitives.ReadUInt64LittleEndian(span[0x28..]);
        var sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);
        var namesIndex = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3E..]);
        if (sectionTable + ((ulong)sectionCount * SectionHeaderSize) > (ulong)bytes.Length || namesIndex >= sectionCount)
        {
            why = "section table lies outside the file";
            return false;
        }
        if (!TrySection(span, sectionTable, namesIndex, out var names, out why))
        {
            return false;
        }
        for (var i = 0; i < sectionCount; i++)
        {
            var header = span.Slice((int)sectionTable + (i * SectionHeaderSize), SectionHeaderSize);
            var nameOffset = BinaryPrimitives.ReadUInt32LittleEndian(header);
            if (nameOffset >= names.Length || !CString(names[(int)nameOffset..]).Equals(".modinfo", StringComparison.Ordinal))
            {
                continue;
            }
            if (!TrySection(span, sectionTable, i, out var modinfo, out why))
            {
                return false;
            }
            foreach (var part in Encoding.UTF8.GetString(modinfo).Split('\0', StringSplitOptions.RemoveEmptyEntries))
            {
                entries.Add(part);
            }
            return true;
        }
        why = "no .modinfo section";
        return false;
    }

    public static bool TryIsDynamicallyLinked(string path, out bool dynamic, out string why)
    {
        dynamic = false;
        var bytes = File.ReadAllBytes(path);
        if (!TryHeader(bytes, out why))
        {
            return false;
        }
        var span = bytes.AsSpan();
        var programTable = BinaryPrimitives.ReadUInt64LittleEndian(span[0x20..]);
        var programCount = BinaryPrimitives.ReadUInt16LittleEndian(span[0x38..]);
        if (programTable + ((ulong)programCount * ProgramHeaderSize) > (ulong)bytes.Length)
        {
            why = "program header table lies outside the file";
            return false;
        }
        for (var i = 0; i < programCount; i++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(span[((int)programTable + (i * ProgramHeaderSize))..]) == PtInterp)
            {
                dynamic = true;
            }
        }
        return true;
    }

    private static bool TryHeader(ReadOnlySpan<byte> bytes, out string why)
    {
        if (bytes.Length < HeaderSize || bytes[0] != 0x7F || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
        {
            why = "not an ELF file";
            return false;
        }
        if (bytes[4] != 2 || bytes[5] != 1)
        {
            why = "not a 64-bit little-endian ELF file";
            return false;
        }
        why = "";
        return true;
    }

    private static bool TrySection(ReadOnlySpan<byte> bytes, ulong sectionTable, int index, out byte[] content, out string why)
    {
        var header = bytes.Slice((int)sectionTable + (index * SectionHeaderSize), SectionHeaderSize);
        var offset = BinaryPrimitives.ReadUInt64LittleEndian(header[24..]);
        var size = BinaryPrimitives.ReadUInt64LittleEndian(header[32..]);
        if (offset + size > (ulong)bytes.Length)
        {
            content = [];
            why = $"section {index} lies outside the file";
            return false;
        }
        content = bytes.Slice((int)offset, (int)size).ToArray();
        why = "";
        return true;
    }

    private static string CString(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? bytes : bytes[..end]);
    }
}
