namespace Appliance.ConsoleUi.Editing;

internal enum EditStatus
{
    /// <summary>Nothing happened (a key without meaning here).</summary>
    None,

    /// <summary>The text or the cursor moved: draw again.</summary>
    Changed,

    /// <summary>Enter: the line is the answer.</summary>
    Submitted,

    /// <summary>^C: the question is abandoned.</summary>
    Cancelled,

    /// <summary>^D on an empty line.</summary>
    EndOfInput,

    /// <summary>A key was refused; <see cref="EditOutcome.Notice"/> says why.</summary>
    Refused,

    /// <summary>Tab found several completions and could not extend the word: show <see cref="EditOutcome.Candidates"/>.</summary>
    Listed,
}

internal sealed record EditOutcome(EditStatus Status, string? Notice = null, IReadOnlyList<string>? Candidates = null)
{
    public static readonly EditOutcome None = new(EditStatus.None);
    public static readonly EditOutcome Changed = new(EditStatus.Changed);
}
