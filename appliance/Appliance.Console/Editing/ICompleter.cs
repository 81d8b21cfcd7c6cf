namespace Appliance.ConsoleUi.Editing;

/// <summary>Offers words for the one being typed: the candidates replace the text from <see cref="Completion.Start"/> to the cursor.</summary>
internal interface ICompleter
{
    Completion Complete(string beforeCursor);
}

internal sealed record Completion(int Start, IReadOnlyList<string> Candidates)
{
    public static readonly Completion Nothing = new(0, []);

    /// <summary>Candidates for the last whitespace-separated word of <paramref name="line"/>.</summary>
    public static Completion ForLastWord(string line, IEnumerable<string> candidates)
    {
        var start = line.LastIndexOf(' ') + 1;
        return new Completion(start, candidates.ToList());
    }
}

/// <summary>Completion from a fixed list of words (yes/no answers, reload/restart, instance names).</summary>
internal sealed class WordCompleter(IEnumerable<string> words) : ICompleter
{
    private readonly List<string> _words = words.ToList();

    public Completion Complete(string beforeCursor) => Completion.ForLastWord(beforeCursor, _words);
}
