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
        };

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
