using System.Text;

namespace Appliance.ConsoleUi.Tests.Support;

/// <summary>
/// What a VT100 would show for the bytes the console sent: a grid of characters, the cursor, a scroll region.
/// It knows exactly the VT100 subset a plain terminal can be trusted with; anything else the console sends is
/// recorded in <see cref="Unknown"/>, so a test can insist that there is none. It answers a cursor position
/// request (CSI 6 n) through <see cref="Respond"/>, as a real terminal does.
/// </summary>
internal sealed class TerminalEmulator
{
    private readonly char[][] _cells;
    private readonly StringBuilder _parameters = new();
    private State _state;
    private int _top;
    private int _bottom;
    private bool _wrapPending;
    private (int Row, int Column) _saved;

    public TerminalEmulator(int columns = 80, int rows = 24)
    {
        Columns = columns;
        Rows = rows;
        _cells = Enumerable.Range(0, rows).Select(_ => Blank()).ToArray();
        _bottom = rows - 1;
    }

    private enum State
    {
        Ground,
        Escape,
        Csi,
    }

    public int Columns { get; }

    public int Rows { get; }

    public int Row { get; private set; }

    public int Column { get; private set; }

    public long Bytes { get; private set; }

    public int Bells { get; private set; }

    public int FullClears { get; private set; }

    /// <summary>Sequences outside the VT100 subset (or malformed): the console must send none.</summary>
    public List<string> Unknown { get; } = [];

    /// <summary>Where the terminal's own answers go (the pty master), if anywhere.</summary>
    public Action<byte[]>? Respond { get; set; }

    public string Line(int row) => new string(_cells[row]).TrimEnd();

    public IReadOnlyList<string> Lines => Enumerable.Range(0, Rows).Select(Line).ToList();

    public string Text => string.Join('\n', Lines);

    /// <summary>Rows that scrolled off the top of the screen or of a scroll region, oldest first (a scrollback).</summary>
    public List<string> History { get; } = [];

    /// <summary>The scrollback and the screen: everything shown that was not overwritten in place.</summary>
    public string Shown => string.Join('\n', History.Concat(Lines));

    public bool Contains(string text) => Lines.Any(l => l.Contains(text, StringComparison.Ordinal));

    public void Feed(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            Bytes++;
            Step(b);
        }
    }

    private char[] Blank() => Enumerable.Repeat(' ', Columns).ToArray();

    private void Step(byte b)
    {
        switch (_state)
        {
            case State.Ground:
                Ground(b);
                break;
            case State.Escape:
                AfterEscape(b);
                break;
            case State.Csi:
                if (b is >= 0x20 and <= 0x3f)
                {
                    _parameters.Append((char)b);
                }
                else
                {
                    _state = State.Ground;
                    Csi((char)b);
                }

                break;
        }
    }

    private void Ground(byte b)
    {
        switch (b)
        {
            case 0x1b:
                _state = State.Escape;
                return;
            case (byte)'\r':
                Column = 0;
                _wrapPending = false;
                return;
            case (byte)'\n':
                LineFeed();
                return;
            case 0x08:
                Column = Math.Max(0, Column - 1);
                _wrapPending = false;
                return;
            case 0x07:
                Bells++;
                return;
            case >= 0x20 and < 0x7f:
                Put((char)b);
                return;
            default:
                Unknown.Add($"byte 0x{b:x2}");
                return;
        }
    }

    private void Put(char c)
    {
        if (_wrapPending)
        {
            Column = 0;
            LineFeed();
            _wrapPending = false;
        }

        _cells[Row][Column] = c;
        if (Column == Columns - 1)
        {
            _wrapPending = true;
        }
        else
        {
            Column++;
        }
    }

    private void LineFeed()
    {
        _wrapPending = false;
        if (Row == _bottom)
        {
            ScrollUp();
        }
        else if (Row < Rows - 1)
        {
            Row++;
        }
    }

    private void ScrollUp()
    {
        History.Add(new string(_cells[_top]).TrimEnd());
        for (var r = _top; r < _bottom; r++)
        {
            _cells[r] = _cells[r + 1];
        }

        _cells[_bottom] = Blank();
    }

    private void AfterEscape(byte b)
    {
        _state = State.Ground;
        switch ((char)b)
        {
            case '[':
                _state = State.Csi;
                _parameters.Clear();
                return;
            case '7':
                _saved = (Row, Column);
                return;
            case '8':
                (Row, Column) = _saved;
                _wrapPending = false;
                return;
            default:
                Unknown.Add($"ESC {(char)b}");
                return;
        }
    }

    private void Csi(char final)
    {
        var text = _parameters.ToString();
        if (text.StartsWith('?'))
        {
            Unknown.Add($"CSI {text}{final}");
            return;
        }

        var numbers = text.Length == 0 ? [] : text.Split(';').Select(p => p.Length == 0 ? 0 : int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        int Arg(int i, int fallback) => i < numbers.Length && numbers[i] > 0 ? numbers[i] : fallback;
        _wrapPending = false;
        switch (final)
        {
            case 'H' or 'f':
                Row = Math.Clamp(Arg(0, 1) - 1, 0, Rows - 1);
                Column = Math.Clamp(Arg(1, 1) - 1, 0, Columns - 1);
                return;
            case 'A':
                Row = Math.Max(0, Row - Arg(0, 1));
                return;
            case 'B':
                Row = Math.Min(Rows - 1, Row + Arg(0, 1));
                return;
            case 'C':
                Column = Math.Min(Columns - 1, Column + Arg(0, 1));
                return;
            case 'D':
                Column = Math.Max(0, Column - Arg(0, 1));
                return;
            case 'K':
                var from = numbers.FirstOrDefault() switch { 1 or 2 => 0, _ => Column };
                var to = numbers.FirstOrDefault() switch { 1 => Column, _ => Columns - 1 };
                for (var c = from; c <= to; c++)
                {
                    _cells[Row][c] = ' ';
                }

                return;
            case 'J':
                if (numbers.FirstOrDefault() == 2)
                {
                    FullClears++;
                    for (var r = 0; r < Rows; r++)
                    {
                        _cells[r] = Blank();
                    }
                }
                else
                {
                    Unknown.Add($"CSI {text}J");
                }

                return;
            case 'r':
                _top = Math.Clamp(Arg(0, 1) - 1, 0, Rows - 1);
                _bottom = Math.Clamp(Arg(1, Rows) - 1, 0, Rows - 1);
                if (_bottom <= _top)
                {
                    Unknown.Add($"CSI {text}r (empty region)");
                    _top = 0;
                    _bottom = Rows - 1;
                }

                Row = 0;
                Column = 0;
                return;
            case 'm':
                return;
            case 'n' when text == "6":
                Respond?.Invoke(Encoding.ASCII.GetBytes($"\e[{Row + 1};{Column + 1}R"));
                return;
            default:
                Unknown.Add($"CSI {text}{final}");
                return;
        }
    }
}
