using System.Net;

namespace Appliance.Config;

internal static class LogSection
{
    private static readonly string[] LevelNames = ["verbose", "debug", "information", "warning", "error", "fatal"];

    // RFC 5424 6.2.1 table 1, in code order: the index is the facility's numeric code.
    private static readonly string[] FacilityNames =
    [
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp", "ntp",
        "audit", "alert", "clock", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
    ];

    public static LogOptions Read(RawLog raw, Findings findings)
    {
        var d = new LogOptions();
        var r = new SectionReader(findings, "log");
        return new LogOptions
        {
            Level = Level(r, raw.Level, d.Level),
            Syslog = r.Path("syslog", raw.Syslog, d.Syslog, emptyAllowed: true),
            Remote = Remote(r, raw.Remote),
            Facility = Facility(r, raw.Facility, d.Facility),
        };
    }

    /// <summary>The name of a facility code, as the file spells it.</summary>
    public static string FacilityName(int code) => FacilityNames[code];

    private static int Facility(SectionReader r, string? raw, int fallback)
    {
        if (raw is null)
        {
            return fallback;
        }

        var index = Array.IndexOf(FacilityNames, raw.Trim().ToLowerInvariant());
        if (index >= 0)
        {
            return index;
        }

        var near = Suggestions.Nearest(raw, FacilityNames);
        r.Error("facility", raw, "unknown facility: use kern, user, mail, daemon, auth, syslog, lpr, news, uucp, cron, authpriv, ftp, ntp, audit, alert, clock or local0 to local7"
            + (near is null ? "" : $": did you mean '{near}'?") + Values.CommentHint(raw));
        return fallback;
    }

    private static ApplianceLogLevel Level(SectionReader r, string? raw, ApplianceLogLevel fallback)
    {
        if (raw is null)
        {
            return fallback;
        }

        var index = Array.IndexOf(LevelNames, raw.ToLowerInvariant());
        if (index >= 0)
        {
            return (ApplianceLogLevel)index;
        }

        var alias = raw.ToLowerInvariant() switch
        {
            "info" => "information",
            "warn" => "warning",
            "trace" => "verbose",
            "err" => "error",
            "crit" or "critical" => "fatal",
            _ => Suggestions.Nearest(raw, LevelNames),
        };
        r.Error("level", raw, $"unknown level: use {string.Join(", ", LevelNames)}" + (alias is null ? "" : $": did you mean '{alias}'?"));
        return fallback;
    }

    private static LogRemote? Remote(SectionReader r, string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (TryParseRemote(raw, out var remote, out var error))
        {
            return remote;
        }

        r.Error("remote", raw, error + Values.CommentHint(raw));
        return null;
    }

    internal static bool TryParseRemote(string text, out LogRemote? remote, out string? error)
    {
        remote = null;
        const string Shape = "write udp://host:port or tcp://host:port, e.g. udp://192.0.2.50:514 or tcp://[2001:db8::50]:514";
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            error = $"missing udp:// or tcp://: {Shape}";
            return false;
        }

        RemoteProtocol protocol;
        if (string.Equals(text[..scheme], "udp", StringComparison.OrdinalIgnoreCase))
        {
            protocol = RemoteProtocol.Udp;
        }
        else if (string.Equals(text[..scheme], "tcp", StringComparison.OrdinalIgnoreCase))
        {
            protocol = RemoteProtocol.Tcp;
        }
        else
        {
            error = $"'{text[..scheme]}://' is not a syslog transport: use udp:// (RFC 5426) or tcp:// (RFC 6587): {Shape}";
            return false;
        }

        var rest = text[(scheme + 3)..].TrimEnd('/');
        string host;
        string port;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']');
            if (close < 0 || close + 1 >= rest.Length || rest[close + 1] != ':')
            {
                error = $"missing port: {Shape}";
                return false;
            }

            host = rest[1..close];
            port = rest[(close + 2)..];
            if (!Addresses.TryParse(host, out var v6, out _) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                error = $"'{host}' in brackets is not an IPv6 address: {Shape}";
                return false;
            }
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            if (colon < 0)
            {
                error = $"missing port (syslog is usually 514): {Shape}";
                return false;
            }

            host = rest[..colon];
            port = rest[(colon + 1)..];
            if (host.Contains(':'))
            {
                error = $"IPv6 addresses go in brackets: {Shape}";
                return false;
            }

            var looksNumeric = host.All(c => char.IsAsciiDigit(c) || c == '.');
            if (looksNumeric ? !Addresses.TryParse(host, out _, out _) : !IsDnsName(host))
            {
                error = $"'{host}' is not an address or host name: {Shape}";
                return false;
            }
        }

        if (!Values.TryInt(port, out var number) || number is < 1 or > 65535 || port.StartsWith('+') || port.StartsWith('-'))
        {
            error = $"port '{port}' is not 1-65535: {Shape}";
            return false;
        }

        remote = new LogRemote(IPAddress.TryParse(host, out var ip) ? ip.ToString() : host.ToLowerInvariant(), number, protocol);
        error = null;
        return true;
    }

    private static bool IsDnsName(string host) =>
        host.Length is > 0 and <= 253 && host.Split('.').All(label => Names.HostnameProblem(label) is null);
}
