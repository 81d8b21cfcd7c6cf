namespace Appliance.Config;

/// <summary>Log levels; the names are Serilog's <c>LogEventLevel</c> names so the mapping is one to one.</summary>
public enum ApplianceLogLevel
{
    Verbose,
    Debug,
    Information,
    Warning,
    Error,
    Fatal,
}

/// <summary>A remote syslog collector, from <c>udp://host:port</c>.</summary>
public sealed record LogRemote(string Host, int Port)
{
    public override string ToString() => Host.Contains(':') ? $"udp://[{Host}]:{Port}" : $"udp://{Host}:{Port}";
}

/// <summary>The <c>[log]</c> section.</summary>
public sealed record LogOptions
{
    public ApplianceLogLevel Level { get; init; } = ApplianceLogLevel.Information;

    /// <summary>Local syslog socket; null: disabled.</summary>
    public string? Syslog { get; init; } = "/dev/log";

    /// <summary>Null: no remote collector.</summary>
    public LogRemote? Remote { get; init; }
}
