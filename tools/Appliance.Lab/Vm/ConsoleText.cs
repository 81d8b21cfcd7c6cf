using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Appliance.Lab.Vm;

/// <summary>A pattern found on a console: when it arrived, the match, and the text between the previous match and it.</summary>
public sealed record ConsoleMatch(TimeSpan At, Match Match, string Before)
{
    public string Text => Match.Value;

    public string Group(int index) => Match.Groups[index].Value;
}

/// <summary>
/// What a serial console showed, as plain text. The appliance's console UI paints a full screen with VT100 control
/// sequences and no newlines between rows; here every sequence is removed and a cursor jump becomes a line break, so a
/// test can wait for a prompt ("Choice:") that never ends its line. Each wait consumes the text up to its match: the
/// next wait sees only what came after.
/// </summary>
public sealed class ConsoleText
{
    private readonly Stopwatch _clock;
    private readonly StringBuilder _text = new();
    private readonly List<(int End, TimeSpan At)> _arrivals = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Escape _escape;
    private int _cursor;
    private bool _closed;

    public ConsoleText(Stopwatch clock) => _clock = clock;

    private enum Escape
    {
        None,
        Start,
        Csi,
        Charset,
        Osc,
    }

    public void Append(ReadOnlySpan<char> raw)
    {
        TaskCompletionSource changed;
        lock (_text)
        {
            foreach (var c in raw)
            {
                Filter(c);
            }

            _arrivals.Add((_text.Length, _clock.Elapsed));
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>The console will not say anything more (qemu exited): waits fail at once instead of timing out.</summary>
    public void Close()
    {
        TaskCompletionSource changed;
        lock (_text)
        {
            _closed = true;
            changed = _changed;
        }

        changed.TrySetResult();
    }

    /// <summary>Everything shown so far.</summary>
    public string All()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }

    /// <summary>Waits until <paramref name="pattern"/> (multiline: ^ and $ are line ends) appears after the last match.</summary>
    public async Task<ConsoleMatch> WaitForAsync(Regex pattern, TimeSpan timeout, Func<string> state)
    {
        var deadline = _clock.Elapsed + timeout;
        while (true)
        {
            Task changed;
            lock (_text)
            {
                var unread = _text.ToString(_cursor, _text.Length - _cursor);
                var match = pattern.Match(unread);
                if (match.Success)
                {
                    var end = _cursor + match.Index + match.Length;
                    var at = _arrivals.First(a => a.End >= end).At;
                    _cursor = end;
                    return new ConsoleMatch(at, match, unread[..match.Index]);
                }

                if (_closed)
                {
                    throw new TimeoutException($"the console ended ({state()}) without /{pattern}/; it showed:\n{Tail(60)}");
                }

                changed = _changed.Task;
            }

            var left = deadline - _clock.Elapsed;
            if (left <= TimeSpan.Zero || await Task.WhenAny(changed, Task.Delay(left)) != changed)
            {
                throw new TimeoutException($"no /{pattern}/ on the console within {timeout.TotalSeconds:0.#} s ({state()}); it showed:\n{Tail(60)}");
            }
        }
    }

    /// <summary>The last lines shown, for a failure message.</summary>
    public string Tail(int lines)
    {
        var all = All().TrimEnd().Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    private void Filter(char c)
    {
        switch (_escape)
        {
            case Escape.None:
                if (c == '\u001b')
                {
                    _escape = Escape.Start;
                }
                else if (c is '\n' or '\t' || !char.IsControl(c))
                {
                    _text.Append(c);
                }

                return;
            case Escape.Start:
                _escape = c switch
                {
                    '[' => Escape.Csi,
                    '(' or ')' => Escape.Charset,
                    ']' => Escape.Osc,
                    _ => Escape.None,
                };
                return;
            case Escape.Csi:
                if (c is >= '@' and <= '~')
                {
                    _escape = Escape.None;

                    // A cursor jump or a cleared screen starts another row of the picture.
                    if (c is 'H' or 'f' or 'J' && _text.Length > 0 && _text[^1] != '\n')
                    {
                        _text.Append('\n');
                    }
                }

                return;
            case Escape.Charset:
                _escape = Escape.None;
                return;
            case Escape.Osc:
                _escape = c switch
                {
                    '\u0007' => Escape.None,
                    '\u001b' => Escape.Start,
                    _ => Escape.Osc,
                };
                return;
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{All().Length} characters, {_cursor} read");
}
