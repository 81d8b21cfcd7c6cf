using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Appliance.Logging;

/// <summary>A remote syslog collector reached over UDP (RFC 5426), written <c>udp://host:port</c>.</summary>
public sealed record SyslogRemote
{
    // RFC 5426 3.3: syslog over UDP uses port 514.
    public const int DefaultPort = 514;

    public SyslogRemote(string host, int port = DefaultPort)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        Host = host;
        Port = port;
    }

    /// <summary>An IPv4 or IPv6 literal (without brackets) or a host name, resolved when the sink opens.</summary>
    public string Host { get; }

    public int Port { get; }

    /// <summary>Parses <c>udp://host[:port]</c>; an IPv6 literal is bracketed: <c>udp://[2001:db8::1]:514</c>.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SyslogRemote? remote, [NotNullWhen(false)] out string? reason)
    {
        remote = null;
        const string Scheme = "udp://";
        if (string.IsNullOrWhiteSpace(text))
        {
            reason = "remote is empty; expected udp://host:port";
            return false;
        }
        text = text.Trim();
        if (!text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            reason = $"'{text}' does not start with udp://; only UDP (RFC 5426) is supported";
            return false;
        }
        var rest = text.AsSpan(Scheme.Length);
        ReadOnlySpan<char> host;
        ReadOnlySpan<char> portText = default;
        if (rest.StartsWith("["))
        {
            int close = rest.IndexOf(']');
            if (close < 0)
            {
                reason = $"'{text}': IPv6 literal has no closing ']'";
                return false;
            }
            host = rest[1..close];
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                reason = $"'{text}': '{host}' is not an IPv6 address";
                return false;
            }
            var after = rest[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    reason = $"'{text}': expected ':port' after ']'";
                    return false;
                }
                portText = after[1..];
            }
        }
        else
        {
            int colon = rest.IndexOf(':');
            host = colon < 0 ? rest : rest[..colon];
            if (colon >= 0)
            {
                portText = rest[(colon + 1)..];
                if (portText.Contains(':'))
                {
                    reason = $"'{text}': an IPv6 literal must be written in brackets, udp://[2001:db8::1]:514";
                    return false;
                }
            }
            if (!IsHostName(host) && !IPAddress.TryParse(host, out _))
            {
                reason = $"'{text}': '{host}' is neither an IP address nor a host name";
                return false;
            }
        }
        int port = DefaultPort;
        if (portText.Length > 0 || (rest.Length > 0 && rest[^1] == ':'))
        {
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
            {
                reason = $"'{text}': port '{portText}' is not a number from 1 to 65535";
                return false;
            }
        }
        remote = new SyslogRemote(host.ToString(), port);
        reason = null;
        return true;
    }

    // RFC 1123 2.1 host names: labels of letters, digits and hyphens, 253 characters at most.
    private static bool IsHostName(ReadOnlySpan<char> host)
    {
        if (host.IsEmpty || host.Length > 254)
        {
            return false;
        }
        foreach (var label in host.TrimEnd('.').ToString().Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }
            foreach (char c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }
        }
        return true;
    }

    public override string ToString() =>
        Host.Contains(':') ? $"udp://[{Host}]:{Port}" : $"udp://{Host}:{Port}";
}
