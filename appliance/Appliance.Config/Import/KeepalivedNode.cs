namespace Appliance.Config;

/// <summary>
/// A statement of keepalived.conf: a keyword, its arguments, and for a block (<c>vrrp_instance VI_1 { ... }</c>) the
/// statements inside.
/// </summary>
internal sealed class KeepalivedNode
{
    public required string Keyword { get; init; }

    public required IReadOnlyList<string> Args { get; init; }

    public required int Line { get; init; }

    public List<KeepalivedNode>? Children { get; set; }

    public bool IsBlock => Children is not null;

    public string? Arg(int index) => index < Args.Count ? Args[index] : null;

    /// <summary>The statement as written, for notes.</summary>
    public override string ToString() => Args.Count == 0 ? Keyword : Keyword + " " + string.Join(' ', Args);

    public IEnumerable<KeepalivedNode> All(string keyword) =>
        (Children ?? []).Where(c => string.Equals(c.Keyword, keyword, StringComparison.OrdinalIgnoreCase));

    public KeepalivedNode? First(string keyword) => All(keyword).FirstOrDefault();

    /// <summary>Builds the statement tree; unbalanced braces become notes, never exceptions.</summary>
    public static List<KeepalivedNode> Parse(string text, List<ImportNote> notes)
    {
        var root = new KeepalivedNode { Keyword = "", Args = [], Line = 0, Children = [] };
        var stack = new Stack<KeepalivedNode>();
        stack.Push(root);
        foreach (var line in KeepalivedLexer.Lines(text, notes))
        {
            var words = new List<KeepalivedToken>();
            foreach (var token in line)
            {
                if (token.IsOpen)
                {
                    var block = Flush(stack.Peek(), words) ?? ReopenLast(stack.Peek());
                    if (block is null)
                    {
                        notes.Add(new ImportNote(token.Line, ImportNoteKind.Unreadable, "'{' without a keyword before it: block ignored"));
                        block = new KeepalivedNode { Keyword = "", Args = [], Line = token.Line };
                        stack.Peek().Children!.Add(block);
                    }

                    block.Children ??= [];
                    stack.Push(block);
                }
                else if (token.IsClose)
                {
                    Flush(stack.Peek(), words);
                    if (stack.Count == 1)
                    {
                        notes.Add(new ImportNote(token.Line, ImportNoteKind.Unreadable, "'}' without a matching '{': ignored"));
                    }
                    else
                    {
                        stack.Pop();
                    }
                }
                else
                {
                    words.Add(token);
                }
            }

            Flush(stack.Peek(), words);
        }

        while (stack.Count > 1)
        {
            var open = stack.Pop();
            notes.Add(new ImportNote(open.Line, ImportNoteKind.Unreadable, $"'{open.Keyword} {{' is never closed: read to the end of the file"));
        }

        return root.Children!;
    }

    private static KeepalivedNode? Flush(KeepalivedNode parent, List<KeepalivedToken> words)
    {
        if (words.Count == 0)
        {
            return null;
        }

        var node = new KeepalivedNode
        {
            Keyword = words[0].Text,
            Args = words.Skip(1).Select(w => w.Text).ToList(),
            Line = words[0].Line,
        };
        parent.Children!.Add(node);
        words.Clear();
        return node;
    }

    /// <summary>"vrrp_instance VI_1" on one line and "{" on the next: the brace opens the statement before it.</summary>
    private static KeepalivedNode? ReopenLast(KeepalivedNode parent) =>
        parent.Children!.Count > 0 && !parent.Children[^1].IsBlock ? parent.Children[^1] : null;
}
