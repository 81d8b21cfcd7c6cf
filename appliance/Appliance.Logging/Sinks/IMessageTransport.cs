namespace Appliance.Logging.Sinks;

internal enum SendOutcome
{
    Sent,

    /// <summary>The peer is gone or unreachable: close, reopen later, and send the same message again.</summary>
    Down,

    /// <summary>The peer is alive but not reading (the send timed out): try the same message again.</summary>
    Busy,

    /// <summary>This message cannot be sent (for example too large): count it and move on.</summary>
    Rejected,
}

/// <summary>
/// Where a queued sink's bytes go. Every method runs on the sink's own sender thread, never on a caller's:
/// sockets are created there, so they live in that thread's network namespace.
/// </summary>
internal interface IMessageTransport : IDisposable
{
    /// <summary>For reports: "syslog /dev/log", "remote udp://192.0.2.5:514".</summary>
    string Name { get; }

    /// <summary>The largest message this transport carries; the encoder cuts to it.</summary>
    int MaxMessageBytes { get; }

    bool TryOpen(out string? failure);

    SendOutcome Send(ReadOnlySpan<byte> message, out string? failure);

    /// <summary>Closes the connection; <see cref="TryOpen"/> may follow.</summary>
    void Close();
}
