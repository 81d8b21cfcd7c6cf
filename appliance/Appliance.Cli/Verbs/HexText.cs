namespace Appliance.Cli.Verbs;

/// <summary>Hex as people paste it: from tshark, tcpdump -xx, Wireshark's "copy as hex stream", with 0x, spaces or colons.</summary>
internal static class HexText
{
    public static byte[] Parse(string text)
    {
        var digits = new List<char>(text.Length);
        var position = 0;
        foreach (var token in text.Split([' ', '\t', '\r', '\n', ':', '-', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            var part = token.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? token[2..] : token;
            foreach (var c in part)
            {
                position++;
                if (!char.IsAsciiHexDigit(c))
                {
                    throw new UsageException($"'{c}' at hex digit {position} is not a hex digit");
                }

                digits.Add(c);
            }
        }

        if (digits.Count == 0)
        {
            throw new UsageException("no hex digits given");
        }

        if (digits.Count % 2 != 0)
        {
            throw new UsageException($"odd number of hex digits ({digits.Count}): a byte is missing a digit");
        }

        return Convert.FromHexString(new string([.. digits]));
    }
}
