namespace Appliance.ConsoleUi.Screen;

/// <summary>
/// Turns frames into VT100 output that changes only what differs from the frame the terminal shows: within a row,
/// only the span from the first to the last changed column; a transcript that moved up is scrolled with a scroll
/// region (DECSTBM) rather than repainted. At 9600 baud a full 80x24 repaint takes two seconds; typing a character
/// costs a cursor move and the character.
/// </summary>
/// <remarks>
/// Sequences used, all VT100: CUP (CSI r;c H), EL (CSI K), ED (CSI 2 J), DECSTBM (CSI t;b r), SGR 0 (CSI m), LF at
/// the bottom margin to scroll. Nothing is written to the last column (terminals differ on the pending wrap there).
/// The renderer trusts that what it wrote arrived; if bytes were lost (the edge dropped output, the line was noisy,
/// a terminal was switched on late), <see cref="Invalidate"/> makes the next frame a full repaint.
/// </remarks>
internal sealed class VtRenderer
{
    private string[]? _shown;
    private int _cursorRow = -1;
    private int _cursorColumn = -1;

    public VtRenderer(int columns, int rows)
    {
        Columns = columns;
        Rows = rows;
    }

    public int Columns { get; private set; }

    public int Rows { get; private set; }

    /// <summary>Full repaints done (the first frame, Invalidate, resize).</summary>
    public long FullRepaints { get; private set; }

    public void Resize(int columns, int rows)
    {
        Columns = columns;
        Rows = rows;
        Invalidate();
    }

    public void Invalidate() => _shown = null;

    /// <summary>Writes what it takes to go from the shown frame to <paramref name="frame"/>; nothing when they are equal.</summary>
    public void Render(Frame frame, ByteSink output)
    {
        var target = new string[Rows];
        for (var row = 0; row < Rows; row++)
        {
            target[row] = row < frame.Rows.Count ? Clip(frame.Rows[row]) : "";
        }

        if (_shown is null)
        {
            FullRepaints++;

            // Leave whatever another program (or a half-drawn earlier screen) set: scroll region, attributes.
            output.ResetScrollRegion();
            output.Bytes("\e[m\e[H\e[2J"u8);
            _shown = new string[Rows];
            Array.Fill(_shown, "");
            _cursorRow = 0;
            _cursorColumn = 0;
        }
        else if (frame.HasScrollRegion)
        {
            TryScroll(target, Math.Min(frame.ScrollTop, Rows - 1), Math.Min(frame.ScrollBottom, Rows - 1), output);
        }

        for (var row = 0; row < Rows; row++)
        {
            UpdateRow(row, target[row], output);
        }

        var cursorRow = Math.Clamp(frame.CursorRow, 0, Rows - 1);
        var cursorColumn = Math.Clamp(frame.CursorColumn, 0, Columns - 2);
        MoveTo(cursorRow, cursorColumn, output);
    }

    private string Clip(string row)
    {
        row = row.TrimEnd(' ');
        return row.Length <= Columns - 1 ? row : row[..(Columns - 1)];
    }

    private void UpdateRow(int row, string target, ByteSink output)
    {
        var shown = _shown![row];
        if (string.Equals(shown, target, StringComparison.Ordinal))
        {
            return;
        }

        // Past its end a row is blank: "Choice:" shown and "Choice: 1" wanted differ only in the '1'.
        static char At(string s, int i) => i < s.Length ? s[i] : ' ';
        var length = Math.Max(shown.Length, target.Length);
        var first = 0;
        while (first < length && At(shown, first) == At(target, first))
        {
            first++;
        }

        if (first == length)
        {
            _shown[row] = target;
            return;
        }

        var last = length - 1;
        while (At(shown, last) == At(target, last))
        {
            last--;
        }

        MoveTo(row, first, output);
        if (last < target.Length)
        {
            Write(target.AsSpan(first, last - first + 1), output);
        }
        else
        {
            // The old row goes on further than the new one: write what is new, erase the rest.
            if (first < target.Length)
            {
                Write(target.AsSpan(first), output);
            }

            output.EraseToEndOfLine();
        }

        _shown[row] = target;
    }

    /// <summary>
    /// If the region's rows moved up by some lines (the transcript grew), scrolls it by that much so only the new
    /// rows need writing. The smallest shift that explains the new rows wins.
    /// </summary>
    private void TryScroll(string[] target, int top, int bottom, ByteSink output)
    {
        var height = bottom - top + 1;
        var shown = _shown!;
        var unchanged = 0;
        for (var i = top; i <= bottom; i++)
        {
            if (shown[i] == target[i])
            {
                unchanged++;
            }
        }

        if (unchanged == height)
        {
            return;
        }

        for (var shift = 1; shift < height; shift++)
        {
            var kept = height - shift;
            var matches = true;
            var content = 0;
            for (var i = 0; i < kept && matches; i++)
            {
                matches = shown[top + shift + i] == target[top + i];
                content += target[top + i].Length;
            }

            // Scrolling costs about a dozen bytes plus one per line; worth it once the kept rows hold text.
            if (!matches || content < 16)
            {
                continue;
            }

            output.ScrollRegion(top, bottom);
            MoveTo(bottom, 0, output, force: true);
            output.Repeat((byte)'\n', shift);
            output.ResetScrollRegion();

            // DECSTBM homes the cursor; where exactly differs between terminals, so position afresh next time.
            _cursorRow = -1;
            _cursorColumn = -1;
            Array.Copy(shown, top + shift, shown, top, kept);
            for (var i = bottom - shift + 1; i <= bottom; i++)
            {
                shown[i] = "";
            }

            return;
        }
    }

    private void MoveTo(int row, int column, ByteSink output, bool force = false)
    {
        if (!force && row == _cursorRow && column == _cursorColumn)
        {
            return;
        }

        if (!force && row == _cursorRow && column == 0 && _cursorColumn >= 0)
        {
            output.Byte((byte)'\r');
        }
        else if (!force && row == _cursorRow && column < _cursorColumn && _cursorColumn - column <= 4)
        {
            // A backspace or two is shorter than a cursor address.
            output.Repeat(0x08, _cursorColumn - column);
        }
        else
        {
            output.MoveTo(row, column);
        }

        _cursorRow = row;
        _cursorColumn = column;
    }

    private void Write(ReadOnlySpan<char> text, ByteSink output)
    {
        output.Text(text);
        _cursorColumn += text.Length;
    }
}
