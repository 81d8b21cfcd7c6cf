using System.Net;

namespace Appliance.Config;

public enum CheckType
{
    /// <summary>An HTTP GET that must answer 2xx or 3xx.</summary>
    Http,

    /// <summary>A TCP connection that must be accepted.</summary>
    Tcp,

    /// <summary>A program, run without a shell, that must exit 0.</summary>
    Exec,
}

/// <summary>
/// A <c>[check:NAME]</c> section: a health check an instance tracks like nginx or a link (<c>[vrrp:NAME:track]</c>
/// <c>NAME = -30</c> or <c>NAME = fault</c>). Exactly one of <see cref="Url"/>, <see cref="Endpoint"/> and
/// <see cref="Program"/> is set, by <see cref="Type"/>.
/// </summary>
public sealed record CheckOptions
{
    public required string Name { get; init; }

    public required CheckType Type { get; init; }

    /// <summary>The target as written, for status and logs.</summary>
    public required string Target { get; init; }

    public Uri? Url { get; init; }

    public IPEndPoint? Endpoint { get; init; }

    /// <summary>For exec: the absolute path of the program, then its arguments.</summary>
    public IReadOnlyList<string> Program { get; init => field = EquatableList.From(value); } = EquatableList<string>.Empty;

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMilliseconds(500);

    public int Rise { get; init; } = 1;

    public int Fall { get; init; } = 1;
}
