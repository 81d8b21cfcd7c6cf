namespace Appliance.Logging;

/// <summary>
/// What one queued sink (syslog, remote or console) did since the pipeline was created. The same instance
/// survives <see cref="LoggingHandles.Reconfigure"/>, so the figures are cumulative. Read from any thread.
/// </summary>
public sealed class SinkCounters
{
    private long _accepted;
    private long _dropped;
    private long _sent;
    private long _failed;
    private long _opens;
    private long _openFailures;
    private long _outages;
    private object? _connectedBy;
    private string? _lastFailure;

    internal SinkCounters(string name) => Name = name;

    public string Name { get; }

    /// <summary>Events taken into the queue.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Events refused because the queue was full (drop-newest policy) or the sink was shutting down.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Messages the transport took (for UDP: handed to the kernel; delivery is not confirmed).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Messages the transport refused one by one (for example EMSGSIZE); they are not retried.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Successful opens of the transport (the first and every reconnection).</summary>
    public long Opens => Interlocked.Read(ref _opens);

    public long OpenFailures => Interlocked.Read(ref _openFailures);

    /// <summary>Times the transport went from usable to down (syslogd restarted, collector unreachable, ...).</summary>
    public long Outages => Interlocked.Read(ref _outages);

    /// <summary>Whether the sink's transport is open now.</summary>
    public bool IsConnected => Volatile.Read(ref _connectedBy) is not null;

    /// <summary>Why the transport last failed to open or send ("/dev/log: no socket at that path (ENOENT)"), null before any failure.</summary>
    public string? LastFailure => Volatile.Read(ref _lastFailure);

    internal void SetLastFailure(string failure) => Volatile.Write(ref _lastFailure, failure);

    internal void AddAccepted() => Interlocked.Increment(ref _accepted);

    internal void AddDropped() => Interlocked.Increment(ref _dropped);

    internal void AddSent() => Interlocked.Increment(ref _sent);

    internal void AddFailed() => Interlocked.Increment(ref _failed);

    internal void AddOpen() => Interlocked.Increment(ref _opens);

    internal void AddOpenFailure() => Interlocked.Increment(ref _openFailures);

    internal void AddOutage() => Interlocked.Increment(ref _outages);

    // A reconfigured sink and the one it replaces may overlap while the old one drains: the newest opener owns the flag.
    internal void SetConnected(object sink) => Volatile.Write(ref _connectedBy, sink);

    internal void ClearConnected(object sink) => Interlocked.CompareExchange(ref _connectedBy, null, sink);

    public override string ToString() =>
        $"{Name}: accepted {Accepted}, sent {Sent}, dropped {Dropped}, failed {Failed}, opens {Opens}, outages {Outages}, {(IsConnected ? "connected" : "not connected")}";
}
