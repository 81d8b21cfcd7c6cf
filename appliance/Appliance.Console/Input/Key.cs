namespace Appliance.ConsoleUi.Input;

/// <summary>What a key press (or a terminal's answer) means to the console, whatever bytes the terminal sent for it.</summary>
internal enum KeyKind
{
    /// <summary>A character; <see cref="Key.Rune"/> holds its code point (any Unicode scalar, the editor decides).</summary>
    Char,
    Enter,
    Tab,
    Backspace,
    Delete,
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    PageUp,
    PageDown,

    /// <summary>^C: abandon what is being asked.</summary>
    Interrupt,

    /// <summary>^D: end of input on an empty line, else delete the character under the cursor.</summary>
    EndOfFile,

    /// <summary>A lone ESC (no sequence followed in time).</summary>
    Escape,

    /// <summary>^U: erase from the start of the line to the cursor.</summary>
    KillLine,

    /// <summary>^K: erase from the cursor to the end of the line.</summary>
    KillToEnd,

    /// <summary>^W: erase the word before the cursor.</summary>
    DeleteWord,

    /// <summary>^L: paint the whole screen again (after line noise, or a terminal switched on late).</summary>
    Redraw,

    /// <summary>The terminal's answer to a cursor position request (CSI row ; column R).</summary>
    CursorReport,
}

internal readonly record struct Key(KeyKind Kind, int Rune = 0, int Row = 0, int Column = 0)
{
    public static Key Of(KeyKind kind) => new(kind);

    public static Key Char(int rune) => new(KeyKind.Char, rune);

    public static Key Char(char c) => new(KeyKind.Char, c);

    public override string ToString() => Kind switch
    {
        KeyKind.Char => Rune is >= 0x20 and < 0x7f ? $"'{(char)Rune}'" : $"U+{Rune:X4}",
        KeyKind.CursorReport => $"CursorReport({Row};{Column})",
        _ => Kind.ToString(),
    };
}
