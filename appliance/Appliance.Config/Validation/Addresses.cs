using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Appliance.Config;

/// <summary>
/// Strict address parsing. IPAddress.TryParse alone is too kind for a config file: it reads "10.1" as 10.0.0.1,
/// "1" as 0.0.0.1 and "010.0.0.1" as octal. Here IPv4 is four decimal octets and IPv6 is plain RFC 4291 text
/// without a zone.
/// </summary>
internal static class Addresses
{
    public static bool TryParse(string text, out IPAddress address, out string? error)
    {
        address = IPAddress.None;
        error = null;
        if (text.Contains('/'))
        {
            error = $"'{text}' has a prefix length; an address alone is expected here";
            return false;
        }

        if (text.Contains(':'))
        {
            return TryParseV6(text, out address, out error);
        }

        var octets = text.Split('.');
        if (octets.Length == 4 && octets.All(IsOctet) && IPAddress.TryParse(text, out var parsed))
        {
            address = parsed;
            return true;
        }

        error = octets.Length == 4 && octets.All(o => o.Length > 0 && o.All(char.IsAsciiDigit))
            ? (octets.Any(o => o.Length > 1 && o[0] == '0')
                ? $"'{text}' has a leading zero in an octet (ambiguous: octal or decimal?)"
                : $"'{text}' has an octet above 255")
            : text.Any(char.IsAsciiLetter) && !text.Contains(' ')
                ? $"'{text}' is not an IPv4 or IPv6 address (names are not resolved here)"
                : $"'{text}' is not an IPv4 or IPv6 address";
        if (text.Contains(' ') && text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > 1)
        {
            error += ": separate several addresses with commas";
        }

        return false;
    }

    private static bool IsOctet(string o) =>
        o.Length is >= 1 and <= 3 && o.All(char.IsAsciiDigit) && (o.Length == 1 || o[0] != '0') && int.Parse(o, CultureInfo.InvariantCulture) <= 255;

    private static bool TryParseV6(string text, out IPAddress address, out string? error)
    {
        address = IPAddress.None;
        error = null;
        if (text.Contains('%'))
        {
            error = $"'{text}' has a zone (%...): write the address alone, the interface comes from the configuration";
            return false;
        }

        if (text.StartsWith('[') || !text.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.')
            || !IPAddress.TryParse(text, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetworkV6)
        {
            error = $"'{text}' is not an IPv4 or IPv6 address";
            return false;
        }

        if (parsed.IsIPv4MappedToIPv6)
        {
            error = $"'{text}' is an IPv4-mapped IPv6 address: write the IPv4 address {parsed.MapToIPv4()}";
            return false;
        }

        address = parsed;
        return true;
    }

    /// <summary>address[/prefix]. Without a prefix: an error when <paramref name="prefixRequired"/>, else a host prefix (/32, /128).</summary>
    public static bool TryParseCidr(string text, bool prefixRequired, out InterfaceAddress result, out string? error)
    {
        result = new InterfaceAddress(IPAddress.None, 32);
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!TryParse(addressText, out var address, out error))
        {
            return false;
        }

        var max = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        if (slash < 0)
        {
            if (prefixRequired)
            {
                error = $"'{text}' needs a prefix length, e.g. {address}/{(max == 32 ? 24 : 64)}";
                return false;
            }

            result = new InterfaceAddress(address, max);
            return true;
        }

        var prefixText = text[(slash + 1)..];
        var prefix = prefixText.Length is >= 1 and <= 3 && prefixText.All(char.IsAsciiDigit) ? int.Parse(prefixText, CultureInfo.InvariantCulture) : -1;
        if (prefix < 1 || prefix > max)
        {
            error = $"'{text}' has a bad prefix length: /1 to /{max} for {(max == 32 ? "IPv4" : "IPv6")}";
            return false;
        }

        result = new InterfaceAddress(address, prefix);
        if (max == 32 && prefix <= 30)
        {
            if (address.Equals(result.Network))
            {
                error = $"'{text}' is the network address of {result.Network}/{prefix}, not a host address";
                return false;
            }

            if (address.Equals(Broadcast(result)))
            {
                error = $"'{text}' is the broadcast address of {result.Network}/{prefix}, not a host address";
                return false;
            }
        }

        return true;
    }

    private static IPAddress Broadcast(InterfaceAddress a)
    {
        Span<byte> bytes = stackalloc byte[4];
        a.Network.TryWriteBytes(bytes, out _);
        var hostBits = 32 - a.PrefixLength;
        var value = BinaryPrimitives.ReadUInt32BigEndian(bytes) | (uint)((1L << hostBits) - 1);
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    /// <summary>Null when the address can be a host's (unicast, not loopback or unspecified); else why not.</summary>
    public static string? UnicastProblem(IPAddress address)
    {
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return "the unspecified address";
        }

        if (IPAddress.IsLoopback(address))
        {
            return "a loopback address";
        }

        if (address.Equals(IPAddress.Broadcast))
        {
            return "the broadcast address";
        }

        if (address.IsIPv6Multicast)
        {
            return "a multicast address";
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            if (b[0] is >= 224 and <= 239)
            {
                return "a multicast address";
            }

            if (b[0] >= 240)
            {
                return "a reserved (class E) address";
            }

            if (b[0] == 0)
            {
                return "in 0.0.0.0/8 (\"this network\")";
            }
        }

        return null;
    }

    public static string FamilyName(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
}
