using Appliance.ConsoleUi.Editing;

namespace Appliance.ConsoleUi.Session;

/// <summary>
/// A question on the prompt line and what to do with the answer. <see cref="Validate"/> refuses an answer with a
/// reason (the question is asked again, with the answer left for correcting); <see cref="OnCancel"/> runs on ^C
/// (default: back to the menu or command line).
/// </summary>
internal sealed record Ask(string Label, Action<string> OnAnswer)
{
    public int MaxLength { get; init; } = 200;

    public bool Masked { get; init; }

    public ICompleter? Completer { get; init; }

    public Func<string, IReadOnlyList<string>?>? Validate { get; init; }

    public Action? OnCancel { get; init; }

    public List<string>? History { get; init; }

    public string Initial { get; init; } = "";

    /// <summary>The menu choice or the command line: ^D here logs out instead of going back.</summary>
    public bool IsHome { get; init; }
}
