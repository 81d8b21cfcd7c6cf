using System.Text;

namespace Appliance.ConsoleUi.Tests.Support;

/// <summary>
/// A teletype with endless paper: what a plain terminal shows, line after line, with CR overwriting and BS
/// stepping back. This is the text a recorded session is made of.
/// </summary>
internal sealed class LineRecorder
{
    private readonly List<string> _lines = [];
    private readonly StringBuilder _current = new();
    private int _column;

    public void Feed(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            switch (b)
            {
                case (byte)'\n':
                    _lines.Add(_current.ToString().TrimEnd());
                    _current.Clear();
                    _column = 0;
                    break;
                case (byte)'\r':
                    _column = 0;
                    break;
                case 0x08:
                    _column = Math.Max(0, _column - 1);
                    break;
                case >= 0x20 and < 0x7f:
                    if (_column < _current.Length)
                    {
                        _current[_column] = (char)b;
                    }
                    else
                    {
                        _current.Append((char)b);
                    }

                    _column++;
                    break;
            }
        }
    }

    public IReadOnlyList<string> Lines => [.. _lines, _current.ToString().TrimEnd()];

    public string Text => string.Join('\n', Lines).TrimEnd();
}
