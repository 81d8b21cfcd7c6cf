namespace Appliance.ConsoleUi.Input;

/// <summary>
/// Bytes from a terminal in, keys out. Whatever arrives (line noise on a serial cable, an unknown or overlong
/// escape sequence, a half UTF-8 character, NULs from a BREAK, a burst from a paste) becomes keys or is dropped and
/// counted; nothing throws and no sequence can swallow the input for good: a CR or LF always ends one, and every
/// sequence has a length cap.
/// </summary>
/// <remarks>
/// Sequences follow ECMA-48 (CSI parameter bytes 0x30-0x3F, intermediates 0x20-0x2F, final 0x40-0x7E), with the
/// key encodings of VT100/VT220 and xterm. A sequence may be split across reads (a 9600-baud line delivers one byte
/// per millisecond): the decoder keeps its state between <see cref="Feed"/> calls, and the edge calls
/// <see cref="Flush"/> after a quiet moment, which turns a lone ESC into <see cref="KeyKind.Escape"/>.
/// </remarks>
internal sealed class KeyDecoder
{
    /// <summary>Parameter and intermediate bytes kept of a CSI sequence; longer ones are skipped to their end.</summary>
    public const int MaxSequence = 32;

    /// <summary>OSC/DCS/APC strings (terminal answers) longer than this are abandoned.</summary>
    public const int MaxString = 512;

    private readonly byte[] _sequence = new byte[MaxSequence];
    private State _state;
    private int _length;
    private bool _sequenceOverflow;
    private int _utf8Needed;
    private int _utf8Value;
    private int _utf8Minimum;
    private bool _afterCarriageReturn;

    private enum State
    {
        Ground,
        Escape,
        EscapeIntermediate,
        Csi,
        Ss3,
        String,
        StringEscape,
        Utf8,
    }

    /// <summary>Bytes dropped: NUL, control characters without a meaning here.</summary>
    public long IgnoredBytes { get; private set; }

    /// <summary>Escape sequences recognised as such but not as a key, or abandoned half way.</summary>
    public long UnknownSequences { get; private set; }

    /// <summary>Bytes that were not valid UTF-8.</summary>
    public long InvalidUtf8 { get; private set; }

    /// <summary>True while a sequence or character is incomplete: call <see cref="Flush"/> if nothing follows soon.</summary>
    public bool HasPending => _state != State.Ground;

    public void Feed(ReadOnlySpan<byte> bytes, List<Key> keys)
    {
        foreach (var b in bytes)
        {
            Step(b, keys);
        }
    }

    /// <summary>Ends whatever is pending: a lone ESC becomes a key, a partial sequence or character is dropped.</summary>
    public void Flush(List<Key> keys)
    {
        switch (_state)
        {
            case State.Escape:
                keys.Add(Key.Of(KeyKind.Escape));
                break;
            case State.Utf8:
                InvalidUtf8++;
                break;
            case State.Ground:
                return;
            default:
                UnknownSequences++;
                break;
        }

        _state = State.Ground;
    }

    private void Step(byte b, List<Key> keys)
    {
        switch (_state)
        {
            case State.Ground:
                Ground(b, keys);
                break;
            case State.Escape:
                AfterEscape(b, keys);
                break;
            case State.EscapeIntermediate:
                EscapeIntermediate(b, keys);
                break;
            case State.Csi:
                Csi(b, keys);
                break;
            case State.Ss3:
                Ss3(b, keys);
                break;
            case State.String:
            case State.StringEscape:
                InString(b, keys);
                break;
            case State.Utf8:
                Utf8(b, keys);
                break;
        }
    }

    private void Ground(byte b, List<Key> keys)
    {
        var afterCr = _afterCarriageReturn;
        _afterCarriageReturn = false;
        switch (b)
        {
            case 0x0d:
                keys.Add(Key.Of(KeyKind.Enter));
                _afterCarriageReturn = true;
                return;
            case 0x0a:
                // CR LF from a terminal that sends both is one Enter.
                if (!afterCr)
                {
                    keys.Add(Key.Of(KeyKind.Enter));
                }

                return;
            case 0x1b:
                _state = State.Escape;
                return;
            case 0x08 or 0x7f:
                keys.Add(Key.Of(KeyKind.Backspace));
                return;
            case 0x09:
                keys.Add(Key.Of(KeyKind.Tab));
                return;
            case >= 0x20 and < 0x7f:
                keys.Add(Key.Char(b));
                return;
            case >= 0x80:
                StartUtf8(b);
                return;
        }

        var control = b switch
        {
            0x01 => KeyKind.Home,
            0x02 => KeyKind.Left,
            0x03 => KeyKind.Interrupt,
            0x04 => KeyKind.EndOfFile,
            0x05 => KeyKind.End,
            0x06 => KeyKind.Right,
            0x0b => KeyKind.KillToEnd,
            0x0c => KeyKind.Redraw,
            0x0e => KeyKind.Down,
            0x10 => KeyKind.Up,
            0x15 => KeyKind.KillLine,
            0x17 => KeyKind.DeleteWord,
            _ => (KeyKind?)null,
        };
        if (control is { } kind)
        {
            keys.Add(Key.Of(kind));
        }
        else
        {
            IgnoredBytes++;
        }
    }

    private void AfterEscape(byte b, List<Key> keys)
    {
        switch (b)
        {
            case (byte)'[':
                _state = State.Csi;
                _length = 0;
                _sequenceOverflow = false;
                return;
            case (byte)'O':
                _state = State.Ss3;
                return;
            case (byte)']' or (byte)'P' or (byte)'_' or (byte)'^' or (byte)'X':
                _state = State.String;
                _length = 0;
                return;
            case 0x1b:
                // ESC ESC: the first one stood alone.
                keys.Add(Key.Of(KeyKind.Escape));
                return;
            case >= 0x20 and <= 0x2f:
                _state = State.EscapeIntermediate;
                return;
        }

        // ESC followed by anything else (Alt+key, a control character, a stray byte): a lone ESC, then the byte.
        keys.Add(Key.Of(KeyKind.Escape));
        _state = State.Ground;
        Ground(b, keys);
    }

    private void EscapeIntermediate(byte b, List<Key> keys)
    {
        if (b is >= 0x20 and <= 0x2f)
        {
            return;
        }

        _state = State.Ground;
        UnknownSequences++;
        if (b is < 0x20 or >= 0x7f)
        {
            Ground(b, keys);
        }
    }

    private void Csi(byte b, List<Key> keys)
    {
        if (b is >= 0x20 and <= 0x3f)
        {
            if (_length < MaxSequence)
            {
                _sequence[_length++] = b;
            }
            else
            {
                _sequenceOverflow = true;
            }

            return;
        }

        _state = State.Ground;
        if (b is >= 0x40 and <= 0x7e)
        {
            if (_sequenceOverflow || !DispatchCsi(_sequence.AsSpan(0, _length), (char)b, keys))
            {
                UnknownSequences++;
            }

            return;
        }

        // A control character or a non-ASCII byte cannot be part of a sequence: abandon it and take the byte as
        // itself, so an Enter typed after line noise still counts. CAN and SUB cancel a sequence silently.
        UnknownSequences++;
        if (b is 0x18 or 0x1a)
        {
            return;
        }

        Ground(b, keys);
    }

    private void Ss3(byte b, List<Key> keys)
    {
        _state = State.Ground;
        var key = b switch
        {
            (byte)'A' => Key.Of(KeyKind.Up),
            (byte)'B' => Key.Of(KeyKind.Down),
            (byte)'C' => Key.Of(KeyKind.Right),
            (byte)'D' => Key.Of(KeyKind.Left),
            (byte)'H' => Key.Of(KeyKind.Home),
            (byte)'F' => Key.Of(KeyKind.End),
            (byte)'M' => Key.Of(KeyKind.Enter),

            // The keypad in application mode (a terminal left so by another program): digits stay digits.
            >= (byte)'p' and <= (byte)'y' => Key.Char('0' + (b - 'p')),
            (byte)'j' => Key.Char('*'),
            (byte)'k' => Key.Char('+'),
            (byte)'l' => Key.Char(','),
            (byte)'m' => Key.Char('-'),
            (byte)'n' => Key.Char('.'),
            (byte)'o' => Key.Char('/'),
            _ => (Key?)null,
        };
        if (key is { } k)
        {
            keys.Add(k);
            return;
        }

        UnknownSequences++;
        if (b is < 0x20 or >= 0x7f)
        {
            Ground(b, keys);
        }
    }

    private void InString(byte b, List<Key> keys)
    {
        if (_state == State.StringEscape)
        {
            if (b == (byte)'\\')
            {
                _state = State.Ground;
                return;
            }

            // ESC inside a string ends it; what follows is a new escape.
            _state = State.Escape;
            AfterEscape(b, keys);
            return;
        }

        switch (b)
        {
            case 0x07:
                _state = State.Ground;
                return;
            case 0x1b:
                _state = State.StringEscape;
                return;
            case 0x0d or 0x0a or 0x03:
                // No terminal answer holds these: it was noise, and the person means Enter (or ^C).
                UnknownSequences++;
                _state = State.Ground;
                Ground(b, keys);
                return;
        }

        if (++_length > MaxString)
        {
            UnknownSequences++;
            _state = State.Ground;
        }
    }

    private void StartUtf8(byte b)
    {
        (_utf8Needed, _utf8Value, _utf8Minimum) = b switch
        {
            >= 0xc2 and <= 0xdf => (1, b & 0x1f, 0x80),
            >= 0xe0 and <= 0xef => (2, b & 0x0f, 0x800),
            >= 0xf0 and <= 0xf4 => (3, b & 0x07, 0x10000),
            _ => (0, 0, 0),
        };
        if (_utf8Needed == 0)
        {
            InvalidUtf8++;
            return;
        }

        _state = State.Utf8;
    }

    private void Utf8(byte b, List<Key> keys)
    {
        if (b is < 0x80 or > 0xbf)
        {
            InvalidUtf8++;
            _state = State.Ground;
            Ground(b, keys);
            return;
        }

        _utf8Value = (_utf8Value << 6) | (b & 0x3f);
        if (--_utf8Needed > 0)
        {
            return;
        }

        _state = State.Ground;
        var value = _utf8Value;
        if (value < _utf8Minimum || value > 0x10ffff || value is >= 0xd800 and <= 0xdfff)
        {
            InvalidUtf8++;
        }
        else if (value is >= 0x80 and <= 0x9f)
        {
            // C1 controls spelled in UTF-8: controls, not characters.
            IgnoredBytes++;
        }
        else
        {
            keys.Add(Key.Char(value));
        }
    }

    private static bool DispatchCsi(ReadOnlySpan<byte> parameters, char final, List<Key> keys)
    {
        // Private parameter prefixes (?, <, =, >) mark answers to queries we never send.
        if (!parameters.IsEmpty && parameters[0] is (byte)'?' or (byte)'<' or (byte)'=' or (byte)'>')
        {
            return false;
        }

        switch (final)
        {
            // Modifiers (CSI 1;5A for Ctrl+Up) do not change what an arrow means here.
            case 'A': keys.Add(Key.Of(KeyKind.Up)); return true;
            case 'B': keys.Add(Key.Of(KeyKind.Down)); return true;
            case 'C': keys.Add(Key.Of(KeyKind.Right)); return true;
            case 'D': keys.Add(Key.Of(KeyKind.Left)); return true;
            case 'H': keys.Add(Key.Of(KeyKind.Home)); return true;
            case 'F': keys.Add(Key.Of(KeyKind.End)); return true;
            case 'R':
                if (TryTwoNumbers(parameters, out var row, out var column))
                {
                    keys.Add(new Key(KeyKind.CursorReport, 0, row, column));
                    return true;
                }

                return false;
            case '~':
                var kind = FirstNumber(parameters) switch
                {
                    1 or 7 => KeyKind.Home,
                    3 => KeyKind.Delete,
                    4 or 8 => KeyKind.End,
                    5 => KeyKind.PageUp,
                    6 => KeyKind.PageDown,
                    _ => (KeyKind?)null,
                };
                if (kind is { } k)
                {
                    keys.Add(Key.Of(k));
                    return true;
                }

                return false;
            default:
                return false;
        }
    }

    private static int FirstNumber(ReadOnlySpan<byte> parameters)
    {
        var value = 0;
        foreach (var b in parameters)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                break;
            }

            value = Math.Min((value * 10) + (b - '0'), 100_000);
        }

        return value;
    }

    private static bool TryTwoNumbers(ReadOnlySpan<byte> parameters, out int first, out int second)
    {
        first = second = 0;
        var semicolon = parameters.IndexOf((byte)';');
        if (semicolon <= 0 || semicolon == parameters.Length - 1)
        {
            return false;
        }

        return TryNumber(parameters[..semicolon], out first) && TryNumber(parameters[(semicolon + 1)..], out second);
    }

    private static bool TryNumber(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 5)
        {
            return false;
        }

        foreach (var b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }
}
