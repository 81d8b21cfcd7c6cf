using System.Net;
using System.Net.Sockets;

namespace Appliance.Config;

/// <summary>A <c>[check:NAME]</c> section: type, target, timing and hysteresis of one health check.</summary>
internal static class CheckSection
{
    public static CheckOptions? Read(string name, RawCheck raw, Findings findings)
    {
        var r = new SectionReader(findings, "check:" + name);
        var defaults = new CheckOptions { Name = name, Type = CheckType.Exec, Target = "" };
        var interval = r.Duration("interval", raw.Interval, defaults.Interval, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(3600));
        var timeout = r.OptionalDuration("timeout", raw.Timeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(3600));
        if (timeout >= interval)
        {
            r.Error("timeout", raw.Timeout, $"timeout {Durations.Format(timeout.Value)} is not less than interval {Durations.Format(interval)}: a probe must end before the next one starts");
        }

        var rise = r.Int("rise", raw.Rise, defaults.Rise, 1, 100);
        var fall = r.Int("fall", raw.Fall, defaults.Fall, 1, 100);
        var type = Type(r, raw.Type);
        if (type is null)
        {
            return null;
        }

        var check = new CheckOptions
        {
            Name = name,
            Type = type.Value,
            Target = raw.Target?.Trim() ?? "",
            Interval = interval,
            Timeout = timeout ?? interval / 2,
            Rise = rise,
            Fall = fall,
        };
        if (string.IsNullOrWhiteSpace(raw.Target))
        {
            r.Error("target", raw.Target, type switch
            {
                CheckType.Http => "required: the URL to GET, e.g. http://127.0.0.1:8080/health",
                CheckType.Tcp => "required: the ADDRESS:PORT to connect to, e.g. 127.0.0.1:5432 or [2001:db8::5]:5432",
                _ => "required: the absolute path of the program to run, e.g. /usr/local/bin/check-backend",
            });
            return null;
        }

        return type switch
        {
            CheckType.Http => Url(r, check.Target) is { } url ? check with { Url = url } : null,
            CheckType.Tcp => Endpoint(r, check.Target) is { } endpoint ? check with { Endpoint = endpoint } : null,
            _ => ProgramLine.Parse(r, "target", check.Target) is { } program ? check with { Program = program } : null,
        };
    }

    private static CheckType? Type(SectionReader r, string? raw)
    {
        switch (raw?.Trim().ToLowerInvariant())
        {
            case null or "":
                r.Error("type", raw, "required: http, tcp or exec");
                return null;
            case "http":
                return CheckType.Http;
            case "tcp":
                return CheckType.Tcp;
            case "exec":
                return CheckType.Exec;
            default:
                var nearest = Suggestions.Nearest(raw, ["http", "tcp", "exec"]);
                var https = raw.StartsWith("https", StringComparison.OrdinalIgnoreCase) ? " (no TLS: probe a plain-HTTP location, or use tcp)" : "";
                r.Error("type", raw, $"unknown check type '{raw}': write http, tcp or exec{https}" + (nearest is null || https.Length > 0 ? "" : $" (did you mean '{nearest}'?)"));
                return null;
        }
    }

    private static Uri? Url(SectionReader r, string raw)
    {
        if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || string.IsNullOrEmpty(uri.Host) || raw.Any(char.IsWhiteSpace))
        {
            var https = raw.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ? " (the probe speaks plain HTTP)" : "";
            r.Error("target", raw, $"not an absolute http:// URL, e.g. http://127.0.0.1:8080/health{https}{Values.CommentHint(raw)}");
            return null;
        }

        if (!IPAddress.TryParse(uri.IdnHost, out _))
        {
            r.Error("target", raw, $"'{uri.Host}' is a name: a check connects to an IP address (no DNS on the path that decides failover), e.g. http://127.0.0.1:8080/health");
            return null;
        }

        return uri;
    }

    private static IPEndPoint? Endpoint(SectionReader r, string raw)
    {
        const string Shape = "write ADDRESS:PORT, e.g. 127.0.0.1:5432 or [2001:db8::5]:5432";
        var colon = raw.LastIndexOf(':');
        var bracketed = raw.StartsWith('[');
        if (colon < 0 || (bracketed && raw[colon - 1] != ']') || (!bracketed && raw.IndexOf(':') != colon))
        {
            r.Error("target", raw, $"missing port{(!bracketed && raw.Count(c => c == ':') > 1 ? " (an IPv6 address goes in brackets)" : "")}: {Shape}");
            return null;
        }

        var port = raw[(colon + 1)..];
        if (!Values.TryInt(port, out var number) || number is < 1 or > 65535 || port.StartsWith('+') || port.StartsWith('-'))
        {
            r.Error("target", raw, $"port '{port}' is not 1-65535: {Shape}");
            return null;
        }

        var host = bracketed ? raw[1..(colon - 1)] : raw[..colon];
        if (!IPAddress.TryParse(host, out var address) || (bracketed != (address.AddressFamily == AddressFamily.InterNetworkV6)))
        {
            r.Error("target", raw, $"'{host}' is not an IP address: {Shape}");
            return null;
        }

        return new IPEndPoint(address, number);
    }
}
