using Appliance.Control;

namespace Appliance.ConsoleUi.Session;

/// <summary>What the session asks of the edge. Answers come back through the session's Handle* methods with the token.</summary>
internal abstract record ConsoleEffect
{
    /// <summary>Send one request on the control socket; answer with HandleAnswer or HandleAnswerFailure.</summary>
    internal sealed record Send(int Token, ControlRequest Request, TimeSpan Timeout) : ConsoleEffect;

    /// <summary>Run a program (ping, appliance probe) with its output captured line by line; end it after <see cref="Timeout"/>.</summary>
    internal sealed record Run(int Token, IReadOnlyList<string> Command, TimeSpan Timeout) : ConsoleEffect;

    /// <summary>End a program started by <see cref="Run"/> (^C while it runs).</summary>
    internal sealed record Stop(int Token) : ConsoleEffect;

    /// <summary>Hand the terminal to an interactive shell until it exits; answer with HandleShellEnded.</summary>
    internal sealed record Shell : ConsoleEffect;

    /// <summary>Paint the whole screen again on the next frame (^L, after the shell, after a mode switch).</summary>
    internal sealed record Repaint : ConsoleEffect;

    /// <summary>Switch between the full-screen and the plain line renderer.</summary>
    internal sealed record SwitchMode(bool FullScreen) : ConsoleEffect;

    /// <summary>Leave: restore the terminal and exit with <see cref="Code"/>.</summary>
    internal sealed record Exit(int Code, string Reason) : ConsoleEffect;
}
