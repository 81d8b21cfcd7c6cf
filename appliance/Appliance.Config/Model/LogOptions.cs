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

/// <summary>How messages reach a remote collector.</summary>
public enum RemoteProtocol
{
    /// <summary>RFC 5426: one datagram per message.</summary>
    Udp,

    /// <summary>RFC 6587 3.4.1: a TCP stream of messages framed by octet counting.</summary>
    Tcp,
}

/// <summary>A remote syslog collector, from <c>udp://host:port</c> or <c>tcp://host:port</c>.</summary>
public sealed record LogRemote(string Host, int Port, RemoteProtocol Protocol = RemoteProtocol.Udp)
{
    public string Scheme => Protocol == RemoteProtocol.Tcp ? "tcp" : "udp";

    public override string ToString() => Host.Contains(':') ? $"{Scheme}://[{Host}]:{Port}" : $"{Scheme}://{Host}:{Port}";
}

/// <summary>The <c>[log]</c> section.</summary>
public sealed record LogOptions
{
    public ApplianceLogLevel Level { get; init; } = ApplianceLogLevel.Information;

    /// <summary>Local syslog socket; null: disabled.</summary>
    public string? Syslog { get; init; } = "/dev/log";

    /// <summary>Null: no remote collector.</summary>
    public LogRemote? Remote { get; init; }

    /// <summary>RFC 5424 6.2.1 facility code (0-23) of every syslog message; 3 is daemon.</summary>
    public int Facility { get; init; } = 3;
}
