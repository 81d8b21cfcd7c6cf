using System.Text;
using Appliance.ConsoleUi.Input;

namespace Appliance.ConsoleUi.Editing;

/// <summary>
/// One line of input: bounded in length, printable ASCII only (a value typed here ends up in an INI line, a
/// command line or a password hash, and a serial terminal may not show anything else the same way), emacs-style
/// editing keys, history, and tab completion. It never sees a control character as text: the decoder turned those
/// into keys, and the keys it does not handle are refused, not inserted.
/// </summary>
internal sealed class LineEditor
{
    private readonly StringBuilder _text = new();
    private readonly List<string>? _history;
    private int _historyIndex = -1;
    private string _draft = "";

    /// <param name="maxLength">Characters accepted; more are refused with a notice.</param>
    /// <param name="masked">A password: nothing of it is shown.</param>
    /// <param name="cursorMovement">False on a plain terminal, where the line can only grow and shrink at its end.</param>
    /// <param name="history">Earlier lines, oldest first, shared between prompts of one kind; null: no history.</param>
    public LineEditor(int maxLength, bool masked = false, bool cursorMovement = true, List<string>? history = null, string initial = "")
    {
        MaxLength = Math.Max(1, maxLength);
        Masked = masked;
        CursorMovement = cursorMovement;
        _history = history;
        Insert(initial);
    }

    public int MaxLength { get; }

    public bool Masked { get; }

    public bool CursorMovement { get; }

    public string Text => _text.ToString();

    public int Cursor { get; private set; }

    /// <summary>What the screen shows of the line: nothing of a password.</summary>
    public string Visible => Masked ? "" : Text;

    public int VisibleCursor => Masked ? 0 : Cursor;

    public EditOutcome Handle(Key key, ICompleter? completer = null)
    {
        switch (key.Kind)
        {
            case KeyKind.Char:
                return Type(key.Rune);
            case KeyKind.Enter:
                Remember();
                return new EditOutcome(EditStatus.Submitted);
            case KeyKind.Interrupt:
                return new EditOutcome(EditStatus.Cancelled);
            case KeyKind.EndOfFile:
                if (_text.Length == 0)
                {
                    return new EditOutcome(EditStatus.EndOfInput);
                }

                return DeleteAt(Cursor);
            case KeyKind.Backspace:
                return Cursor == 0 ? EditOutcome.None : DeleteAt(--Cursor);
            case KeyKind.Delete:
                return CursorMovement ? DeleteAt(Cursor) : EditOutcome.None;
            case KeyKind.Left:
                return Move(Cursor - 1);
            case KeyKind.Right:
                return Move(Cursor + 1);
            case KeyKind.Home:
                return Move(0);
            case KeyKind.End:
                return Move(_text.Length);
            case KeyKind.KillLine:
                _text.Remove(0, Cursor);
                Cursor = 0;
                return EditOutcome.Changed;
            case KeyKind.KillToEnd:
                if (!CursorMovement)
                {
                    return EditOutcome.None;
                }

                _text.Length = Cursor;
                return EditOutcome.Changed;
            case KeyKind.DeleteWord:
                return DeleteWord();
            case KeyKind.Up:
                return Recall(-1);
            case KeyKind.Down:
                return Recall(+1);
            case KeyKind.Tab:
                return completer is null || Masked ? EditOutcome.None : Complete(completer);
            default:
                // Escape, PageUp/Down and the rest mean nothing on a line of text.
                return EditOutcome.None;
        }
    }

    /// <summary>Replaces the whole line (a default offered for editing, a recalled line).</summary>
    public void SetText(string text)
    {
        _text.Clear();
        Cursor = 0;
        Insert(text);
    }

    private EditOutcome Type(int rune)
    {
        if (rune is < 0x20 or > 0x7e)
        {
            return new EditOutcome(EditStatus.Refused, "only printable ASCII characters can be typed here");
        }

        if (_text.Length >= MaxLength)
        {
            return new EditOutcome(EditStatus.Refused, $"at most {MaxLength} characters here");
        }

        _text.Insert(Cursor++, (char)rune);
        return EditOutcome.Changed;
    }

    private void Insert(string text)
    {
        foreach (var c in text)
        {
            if (c is >= ' ' and <= '~' && _text.Length < MaxLength)
            {
                _text.Insert(Cursor++, c);
            }
        }
    }

    private EditOutcome DeleteAt(int index)
    {
        if (index < 0 || index >= _text.Length)
        {
            return EditOutcome.None;
        }

        _text.Remove(index, 1);
        return EditOutcome.Changed;
    }

    private EditOutcome Move(int to)
    {
        if (!CursorMovement)
        {
            return EditOutcome.None;
        }

        to = Math.Clamp(to, 0, _text.Length);
        if (to == Cursor)
        {
            return EditOutcome.None;
        }

        Cursor = to;
        return EditOutcome.Changed;
    }

    private EditOutcome DeleteWord()
    {
        var start = Cursor;
        while (start > 0 && _text[start - 1] == ' ')
        {
            start--;
        }

        while (start > 0 && _text[start - 1] != ' ')
        {
            start--;
        }

        if (start == Cursor)
        {
            return EditOutcome.None;
        }

        _text.Remove(start, Cursor - start);
        Cursor = start;
        return EditOutcome.Changed;
    }

    private void Remember()
    {
        _historyIndex = -1;
        if (_history is null || Masked || _text.Length == 0)
        {
            return;
        }

        var line = Text;
        if (_history.Count == 0 || _history[^1] != line)
        {
            _history.Add(line);
            if (_history.Count > 100)
            {
                _history.RemoveAt(0);
            }
        }
    }

    private EditOutcome Recall(int direction)
    {
        if (_history is null || _history.Count == 0 || Masked)
        {
            return EditOutcome.None;
        }

        if (_historyIndex == -1)
        {
            if (direction > 0)
            {
                return EditOutcome.None;
            }

            _draft = Text;
            _historyIndex = _history.Count;
        }

        var index = _historyIndex + direction;
        if (index < 0)
        {
            return EditOutcome.None;
        }

        if (index >= _history.Count)
        {
            _historyIndex = -1;
            SetText(_draft);
            return EditOutcome.Changed;
        }

        _historyIndex = index;
        SetText(_history[index]);
        return EditOutcome.Changed;
    }

    private EditOutcome Complete(ICompleter completer)
    {
        var line = Text;
        var completion = completer.Complete(line[..Cursor]);
        var start = Math.Clamp(completion.Start, 0, Cursor);
        var typed = line[start..Cursor];
        var candidates = completion.Candidates
            .Where(c => c.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (candidates.Count == 0)
        {
            return new EditOutcome(EditStatus.Refused, typed.Length == 0 ? "nothing to complete here" : $"nothing here starts with '{typed}'");
        }

        string replacement;
        if (candidates.Count == 1)
        {
            replacement = candidates[0];
            if (Cursor == _text.Length && !replacement.EndsWith(':'))
            {
                replacement += " ";
            }
        }
        else
        {
            replacement = CommonPrefix(candidates);
            if (replacement.Length <= typed.Length)
            {
                return new EditOutcome(EditStatus.Listed, null, candidates);
            }
        }

        if (start + replacement.Length + (_text.Length - Cursor) > MaxLength)
        {
            return new EditOutcome(EditStatus.Refused, $"at most {MaxLength} characters here");
        }

        _text.Remove(start, Cursor - start);
        _text.Insert(start, replacement);
        Cursor = start + replacement.Length;
        return EditOutcome.Changed;
    }

    private static string CommonPrefix(List<string> candidates)
    {
        var prefix = candidates[0];
        foreach (var candidate in candidates.Skip(1))
        {
            var length = 0;
            while (length < prefix.Length && length < candidate.Length && char.ToLowerInvariant(prefix[length]) == char.ToLowerInvariant(candidate[length]))
            {
                length++;
            }

            prefix = prefix[..length];
        }

        return prefix;
    }
}
