namespace Appliance.ConsoleUi.Edge;

/// <summary>How <c>appliance console</c> was started.</summary>
public sealed record ConsoleHostOptions
{
    /// <summary>The supervisor's control socket.</summary>
    public required string SocketPath { get; init; }

    /// <summary>A terminal device to open (ttyS0, /dev/tty1); null: the terminal on stdin, or stdin/stdout as a script's pipe.</summary>
    public string? Device { get; init; }

    /// <summary>Plain lines even on a terminal that could do more.</summary>
    public bool Plain { get; init; }

    /// <summary>The screen size when the terminal cannot tell (a serial line says 0x0): columns and rows.</summary>
    public (int Columns, int Rows)? Size { get; init; }

    /// <summary>The TERM environment variable: dumb or unknown means plain lines.</summary>
    public string? Term { get; init; }

    /// <summary>This binary, for <c>appliance probe</c>; null: the running executable.</summary>
    public string? SelfPath { get; init; }

    /// <summary>The longest wait for a lone ESC to turn out to be the start of a sequence.</summary>
    public TimeSpan EscapeTimeout { get; init; } = TimeSpan.FromMilliseconds(100);
}
