using Appliance.Config;

namespace Appliance.ConsoleUi.Session;

/// <summary>How a session behaves; everything with a clock or randomness in it comes from outside.</summary>
internal sealed record SessionOptions
{
    /// <summary>True: header, transcript and prompt painted with VT100 controls; false: plain lines.</summary>
    public bool FullScreen { get; init; } = true;

    /// <summary>A person at a terminal (not a script on a pipe): long output waits for a key page by page.</summary>
    public bool Interactive { get; init; } = true;

    public int Columns { get; init; } = 80;

    public int Rows { get; init; } = 24;

    /// <summary>Where the console runs, for the banner (ttyS0, tty1, pts/3, stdin).</summary>
    public string Device { get; init; } = "console";

    /// <summary>Where the supervisor is, for messages.</summary>
    public string SocketPath { get; init; } = "";

    /// <summary>Makes the stored form of a new password (salted, slow); the default is <see cref="ConsolePassword.Hash(string)"/>.</summary>
    public Func<string, string> HashPassword { get; init; } = ConsolePassword.Hash;

    /// <summary>The box's link names, so local checks accept what the supervisor's do (an interface without a section).</summary>
    public IReadOnlyCollection<string>? KnownInterfaces { get; init; }

    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ConfigInterval { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>With a password set, a session left alone this long locks (someone may plug in later).</summary>
    public TimeSpan IdleLock { get; init; } = TimeSpan.FromMinutes(15);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Commit and factory reset apply the configuration live: give them longer.</summary>
    public TimeSpan ApplyTimeout { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>A failover answers once the other box is heard as master.</summary>
    public TimeSpan FailoverTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan ChildTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>commit confirmed without a number, and the default for address and VRRP changes.</summary>
    public int DefaultConfirmSeconds { get; init; } = 120;

    public int MinimumPasswordLength { get; init; } = ConsolePassword.MinimumLength;
}
