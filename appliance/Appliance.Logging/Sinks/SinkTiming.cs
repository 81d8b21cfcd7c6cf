namespace Appliance.Logging.Sinks;

/// <summary>The clocks of a queued sink; tests shorten them, production keeps the defaults.</summary>
internal sealed record SinkTiming
{
    /// <summary>First pause before reopening a transport that failed without having delivered anything.</summary>
    public TimeSpan ReconnectInitial { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The pause doubles up to this: a missing syslogd costs one connect() every few seconds.</summary>
    public TimeSpan ReconnectMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Drops are reported at most this often (and only when there are new ones).</summary>
    public TimeSpan DropReportInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long shutdown waits for the queue to drain before abandoning it.</summary>
    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public static SinkTiming Default { get; } = new();
}
