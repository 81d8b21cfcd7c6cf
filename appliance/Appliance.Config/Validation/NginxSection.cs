using System.Net;

namespace Appliance.Config;

internal static class NginxSection
{
    private static readonly TimeSpan Ms10 = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Ms100 = TimeSpan.FromMilliseconds(100);

    public static NginxOptions Read(RawNginx raw, Findings findings)
    {
        var d = new NginxOptions();
        var r = new SectionReader(findings, "nginx");
        var options = new NginxOptions
        {
            Enabled = r.Bool("enabled", raw.Enabled, d.Enabled),
            Binary = r.Path("binary", raw.Binary, d.Binary, emptyAllowed: false)!,
            Config = r.Path("config", raw.Config, d.Config, emptyAllowed: false)!,
            HealthUrl = HealthUrl(r, raw.HealthUrl, d.HealthUrl),
            HealthInterval = r.Duration("health_interval", raw.HealthInterval, d.HealthInterval, Ms10, TimeSpan.FromSeconds(60)),
            HealthTimeout = r.Duration("health_timeout", raw.HealthTimeout, d.HealthTimeout, Ms10, TimeSpan.FromSeconds(60)),
            HealthFailures = r.Int("health_failures", raw.HealthFailures, d.HealthFailures, 1, 100),
            RestartBackoffInitial = r.Duration("restart_backoff_initial", raw.RestartBackoffInitial, d.RestartBackoffInitial, Ms10, TimeSpan.FromSeconds(300)),
            RestartBackoffMax = r.Duration("restart_backoff_max", raw.RestartBackoffMax, d.RestartBackoffMax, Ms100, TimeSpan.FromSeconds(3600)),
            Recovery = Recovery(r, raw.Recovery, d.Recovery),
            RecoveryGrace = r.OptionalDuration("recovery_grace", raw.RecoveryGrace, TimeSpan.Zero, TimeSpan.FromSeconds(600)),
            StopTimeout = r.Duration("stop_timeout", raw.StopTimeout, d.StopTimeout, Ms100, TimeSpan.FromSeconds(600)),
            ReloadTimeout = r.Duration("reload_timeout", raw.ReloadTimeout, d.ReloadTimeout, Ms100, TimeSpan.FromSeconds(600)),
            StartTimeout = r.Duration("start_timeout", raw.StartTimeout, d.StartTimeout, Ms100, TimeSpan.FromSeconds(600)),
            Listen = ListenList(r, raw.Listen),
            ListenBacklog = r.Int("listen_backlog", raw.ListenBacklog, d.ListenBacklog, 1, 65535),
        };

        if (raw.ListenBacklog is not null && options.Listen.Count == 0)
        {
            r.Warning("listen_backlog", raw.ListenBacklog, "has no effect without listen (nginx then binds its own sockets)");
        }

        if (raw.HealthTimeout is not null || raw.HealthInterval is not null)
        {
            if (options.HealthTimeout >= options.HealthInterval)
            {
                r.Warning("health_timeout", raw.HealthTimeout ?? Durations.Format(options.HealthTimeout),
                    $"not shorter than health_interval ({Durations.Format(options.HealthInterval)}): a slow probe is still running when the next one is due");
            }
        }

        if (options.RestartBackoffInitial > options.RestartBackoffMax)
        {
            r.Error("restart_backoff_initial", raw.RestartBackoffInitial ?? Durations.Format(options.RestartBackoffInitial),
                $"restart_backoff_initial is above restart_backoff_max ({Durations.Format(options.RestartBackoffMax)})");
        }

        if (options.Recovery == NginxRecovery.Resign && options.RecoveryGrace is not null)
        {
            r.Warning("recovery_grace", raw.RecoveryGrace, "has no effect with recovery = resign");
        }

        return options;
    }

    /// <summary>At most this many held sockets: the list is an operator's short list, not a port range.</summary>
    internal const int MaxListen = 16;

    private static List<NginxListen> ListenList(SectionReader r, string? raw)
    {
        var result = new List<NginxListen>();
        if (raw is null || !r.List("listen", raw, out var items))
        {
            return result;
        }

        if (items.Count > MaxListen)
        {
            r.Error("listen", raw, $"{items.Count} entries; at most {MaxListen}");
            return result;
        }

        foreach (var item in items)
        {
            if (!TryParseListen(item, out var listen, out var error))
            {
                r.Error("listen", raw, error + Values.CommentHint(raw));
            }
            else if (result.FirstOrDefault(l => l.Overlaps(listen)) is { } other)
            {
                r.Error("listen", raw, other == listen
                    ? $"{listen} is listed twice"
                    : $"{other} and {listen} overlap (a wildcard already serves every address of its family on that port; the second socket could not be bound)");
            }
            else
            {
                result.Add(listen);
            }
        }

        return result;
    }

    /// <summary>
    /// One entry as nginx writes a TCP listen address: <c>80</c> or <c>*:80</c> (every IPv4 address),
    /// <c>192.0.2.10:80</c>, <c>[::]:80</c> (every IPv6 address), <c>[2001:db8::10]:80</c>. No names, no unix sockets.
    /// <paramref name="examplePort"/> is the port the messages' examples show (80 for nginx, 9165 for metrics).
    /// </summary>
    internal static bool TryParseListen(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NginxListen? listen, out string error, int examplePort = 80)
    {
        listen = null;
        error = string.Empty;
        string host, port;
        if (text.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            error = $"'{text}': unix sockets are not held, only TCP addresses";
            return false;
        }

        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
            {
                error = $"'{text}': an IPv6 address goes in brackets followed by the port, e.g. [::]:{examplePort}";
                return false;
            }

            (host, port) = (text[1..close], text[(close + 2)..]);
            if (!host.Contains(':'))
            {
                error = $"'{text}': brackets are for IPv6 addresses; write an IPv4 address as 192.0.2.10:{examplePort}";
                return false;
            }
        }
        else if (text.Contains(':'))
        {
            var colon = text.LastIndexOf(':');
            (host, port) = (text[..colon], text[(colon + 1)..]);
            if (host.Contains(':'))
            {
                error = $"'{text}': an IPv6 address goes in brackets, e.g. [2001:db8::10]:{examplePort}";
                return false;
            }
        }
        else if (text.Contains('.'))
        {
            error = $"'{text}' has no port: write it as {text}:{examplePort}";
            return false;
        }
        else
        {
            (host, port) = ("*", text);
        }

        if (port.Length is 0 or > 5 || !port.All(char.IsAsciiDigit) || port[0] == '0' || int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) > 65535)
        {
            error = $"'{text}': the port must be 1-65535";
            return false;
        }

        var address = IPAddress.Any;
        if (host != "*" && !Addresses.TryParse(host, out address, out var addressError))
        {
            error = $"'{text}': {addressError}";
            return false;
        }

        listen = new NginxListen(address, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture));
        return true;
    }

    private static Uri? HealthUrl(SectionReader r, string? raw, Uri? fallback)
    {
        if (raw is null)
        {
            return fallback;
        }

        if (raw.Length == 0)
        {
            return null;
        }

        if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || string.IsNullOrEmpty(uri.Host) || raw.Any(char.IsWhiteSpace))
        {
            var https = raw.StartsWith("https:", StringComparison.OrdinalIgnoreCase)
                ? " (the probe speaks plain HTTP: point it at a plain-HTTP location such as http://127.0.0.1/health)"
                : "";
            r.Error("health_url", raw, $"not an absolute http:// URL, e.g. http://127.0.0.1/{https}{Values.CommentHint(raw)}");
            return fallback;
        }

        return uri;
    }

    private static NginxRecovery Recovery(SectionReader r, string? raw, NginxRecovery fallback)
    {
        switch (raw?.ToLowerInvariant())
        {
            case null:
                return fallback;
            case "restart-first":
                return NginxRecovery.RestartFirst;
            case "resign":
                return NginxRecovery.Resign;
            default:
                var nearest = Suggestions.Nearest(raw, ["restart-first", "resign"]);
                r.Error("recovery", raw, "must be restart-first or resign" + (nearest is null ? "" : $": did you mean '{nearest}'?"));
                return fallback;
        }
    }
}
