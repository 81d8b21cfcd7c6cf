namespace Appliance.Control;

/// <summary>
/// One request line on the control socket. <see cref="Command"/> names the operation; the other fields are its
/// arguments and stay null when it takes none.
/// </summary>
public sealed record ControlRequest
{
    /// <summary>status, console.login, config.get, config.set, config.load, config.commit, config.confirm, config.rollback, failover, nginx.restart, nginx.reload, nginx.reopen, drain, undrain, log.tail, reboot, poweroff, watchdog.test.</summary>
    public required string Command { get; init; }

    /// <summary>config.set: KEY=VALUE changes (keys as vrrp:web:priority; an empty value removes the key).</summary>
    public IReadOnlyList<string>? Set { get; init; }

    /// <summary>config.load: the whole text of a configuration file to stage (bounded by the request line).</summary>
    public string? Text { get; init; }

    /// <summary>config.commit: roll back by itself unless config.confirm arrives within this many seconds.</summary>
    public int? ConfirmSeconds { get; init; }

    /// <summary>failover: the instance to hand over.</summary>
    public string? Instance { get; init; }

    /// <summary>drain, undrain: the [anycast:NAME] group.</summary>
    public string? Group { get; init; }

    /// <summary>failover: how long the box holds back from taking the instance again.</summary>
    public int? HoldSeconds { get; init; }

    /// <summary>log.tail: how many lines.</summary>
    public int? Lines { get; init; }

    /// <summary>console.login: the password typed at a console (checked by the supervisor, never logged nor stored).</summary>
    public string? Password { get; init; }

    /// <summary>console.login: the console's device (ttyS0, tty1), for the log.</summary>
    public string? Console { get; init; }
}

/// <summary>One response line: <see cref="Ok"/> and the payload of the command, or the error in words.</summary>
public sealed record ControlResponse
{
    public required bool Ok { get; init; }

    public string? Error { get; init; }

    public StatusReport? Status { get; init; }

    /// <summary>config.get: the running configuration file; log.tail: the lines.</summary>
    public string? Text { get; init; }

    /// <summary>config.get: the staged text when changes are staged.</summary>
    public string? Staged { get; init; }

    /// <summary>config.set/commit: the changes as a per-key diff; validation messages on refusal.</summary>
    public IReadOnlyList<string>? Messages { get; init; }

    /// <summary>console.login refused: how long every console waits before the next try.</summary>
    public double? RetryAfterSeconds { get; init; }

    public static ControlResponse Success() => new() { Ok = true };

    public static ControlResponse Failure(string error, IReadOnlyList<string>? messages = null) => new() { Ok = false, Error = error, Messages = messages };
}
