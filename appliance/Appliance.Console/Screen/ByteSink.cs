using System.Buffers;
using System.Globalization;

namespace Appliance.ConsoleUi.Screen;

/// <summary>Where a renderer writes the bytes for the terminal: ASCII text and the few VT100 controls we use.</summary>
internal sealed class ByteSink
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);

    public int Length => _buffer.WrittenCount;

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    public void Clear() => _buffer.Clear();

    /// <summary>Text that went through <see cref="Printable"/>: one byte per character.</summary>
    public void Text(ReadOnlySpan<char> text)
    {
        var span = _buffer.GetSpan(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            span[i] = text[i] is >= ' ' and <= '~' ? (byte)text[i] : (byte)'?';
        }

        _buffer.Advance(text.Length);
    }

    public void Byte(byte b)
    {
        _buffer.GetSpan(1)[0] = b;
        _buffer.Advance(1);
    }

    public void Bytes(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    public void Repeat(byte b, int count)
    {
        if (count <= 0)
        {
            return;
        }

        _buffer.GetSpan(count)[..count].Fill(b);
        _buffer.Advance(count);
    }

    public void NewLine() => Bytes("\r\n"u8);

    /// <summary>CSI row ; column H, one-based as VT100 counts; CSI H for the top-left corner.</summary>
    public void MoveTo(int row, int column)
    {
        if (row == 0 && column == 0)
        {
            Bytes("\e[H"u8);
            return;
        }

        Bytes("\e["u8);
        Number(row + 1);
        Byte((byte)';');
        Number(column + 1);
        Byte((byte)'H');
    }

    /// <summary>CSI K: erase from the cursor to the end of the line.</summary>
    public void EraseToEndOfLine() => Bytes("\e[K"u8);

    /// <summary>DECSTBM: CSI top ; bottom r (one-based, inclusive); CSI r resets it to the whole screen.</summary>
    public void ScrollRegion(int top, int bottom)
    {
        Bytes("\e["u8);
        Number(top + 1);
        Byte((byte)';');
        Number(bottom + 1);
        Byte((byte)'r');
    }

    public void ResetScrollRegion() => Bytes("\e[r"u8);

    private void Number(int value)
    {
        var span = _buffer.GetSpan(11);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        _buffer.Advance(written);
    }
}
