using System.Text;

namespace Appliance.Logging.Syslog;

/// <summary>
/// RFC 5424 6: header fields are PRINTUSASCII (%d33-126); SD-NAME additionally excludes '=', SP, ']' and '"'.
/// A character outside the set becomes '_' so that the field keeps its shape and stays readable.
/// </summary>
internal static class PrintUsAscii
{
    public const byte Replacement = (byte)'_';

    /// <summary>Writes at most <paramref name="maxLength"/> bytes; returns how many (0 for an empty value).</summary>
    public static int Write(ReadOnlySpan<char> value, Span<byte> destination, int maxLength, bool sdName)
    {
        int written = 0;
        int limit = Math.Min(maxLength, destination.Length);
        foreach (var rune in value.EnumerateRunes())
        {
            if (written == limit)
            {
                break;
            }
            destination[written++] = IsAllowed(rune, sdName) ? (byte)rune.Value : Replacement;
        }
        return written;
    }

    /// <summary>A header field: the sanitised value, or the NILVALUE "-" when empty.</summary>
    public static byte[] HeaderField(string? value, int maxLength)
    {
        Span<byte> buffer = stackalloc byte[maxLength];
        int length = Write(value, buffer, maxLength, sdName: false);
        return length == 0 ? "-"u8.ToArray() : buffer[..length].ToArray();
    }

    private static bool IsAllowed(Rune rune, bool sdName) =>
        rune.Value is >= 33 and <= 126 && !(sdName && rune.Value is '=' or ']' or '"');
}
