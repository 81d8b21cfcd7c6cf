using Appliance.ConsoleUi.Input;
using CsCheck;

namespace Appliance.ConsoleUi.Tests.Input;

public sealed class KeyDecoderTests
{
    private static List<Key> Decode(params byte[] bytes)
    {
        var decoder = new KeyDecoder();
        var keys = new List<Key>();
        decoder.Feed(bytes, keys);
        decoder.Flush(keys);
        return keys;
    }

    private static string Names(IEnumerable<Key> keys) => string.Join(" ", keys);

    [Theory]
    [InlineData(new byte[] { 0x0d }, "Enter")]
    [InlineData(new byte[] { 0x0a }, "Enter")]
    [InlineData(new byte[] { 0x0d, 0x0a }, "Enter")]
    [InlineData(new byte[] { 0x0d, 0x0d }, "Enter Enter")]
    [InlineData(new byte[] { 0x0a, 0x0a }, "Enter Enter")]
    [InlineData(new byte[] { 0x0d, 0x0a, 0x0d, 0x0a }, "Enter Enter")]
    [InlineData(new byte[] { 0x0a, 0x0d }, "Enter Enter")]
    [InlineData(new byte[] { 0x08 }, "Backspace")]
    [InlineData(new byte[] { 0x7f }, "Backspace")]
    [InlineData(new byte[] { 0x09 }, "Tab")]
    [InlineData(new byte[] { 0x03 }, "Interrupt")]
    [InlineData(new byte[] { 0x04 }, "EndOfFile")]
    [InlineData(new byte[] { 0x15 }, "KillLine")]
    [InlineData(new byte[] { 0x17 }, "DeleteWord")]
    [InlineData(new byte[] { 0x0c }, "Redraw")]
    [InlineData(new byte[] { 0x01, 0x05 }, "Home End")]
    [InlineData(new byte[] { 0x41, 0x7a, 0x20, 0x7e }, "'A' 'z' ' ' '~'")]
    public void Control_characters_and_line_ends(byte[] bytes, string expected) =>
        Assert.Equal(expected, Names(Decode(bytes)));

    [Theory]
    [InlineData("1b5b41", "Up")]
    [InlineData("1b5b42", "Down")]
    [InlineData("1b5b43", "Right")]
    [InlineData("1b5b44", "Left")]
    [InlineData("1b4f41", "Up")]
    [InlineData("1b4f44", "Left")]
    [InlineData("1b5b48", "Home")]
    [InlineData("1b5b46", "End")]
    [InlineData("1b5b317e", "Home")]
    [InlineData("1b5b377e", "Home")]
    [InlineData("1b5b347e", "End")]
    [InlineData("1b5b387e", "End")]
    [InlineData("1b5b337e", "Delete")]
    [InlineData("1b5b357e", "PageUp")]
    [InlineData("1b5b367e", "PageDown")]
    [InlineData("1b5b313b3541", "Up")] // Ctrl+Up: CSI 1;5A
    [InlineData("1b4f4d", "Enter")] // keypad Enter in application mode
    [InlineData("1b4f71", "'1'")] // keypad 1 in application mode
    [InlineData("1b4f77", "'7'")]
    public void Cursor_and_editing_keys_in_their_VT100_and_xterm_spellings(string hex, string expected) =>
        Assert.Equal(expected, Names(Decode(Convert.FromHexString(hex))));

    [Fact]
    public void A_cursor_position_report_carries_row_and_column()
    {
        var keys = Decode(Convert.FromHexString("1b5b32343b383052")); // ESC [ 24;80 R
        var key = Assert.Single(keys);
        Assert.Equal(KeyKind.CursorReport, key.Kind);
        Assert.Equal((24, 80), (key.Row, key.Column));
    }

    [Theory]
    [InlineData("1b5b3f31303b3230306e", "")] // a private-mode answer: dropped
    [InlineData("1b5b32303030307e", "")] // an unknown function key
    [InlineData("1b5b5a", "")] // back-tab
    [InlineData("1b4f50", "")] // F1
    [InlineData("1b5b32377e61", "'a'")] // unknown key then a letter
    [InlineData("1b5d303b7469746c6507", "")] // OSC 0;title BEL (a terminal's answer)
    [InlineData("1b5d303b7469746c651b5c41", "'A'")] // OSC ended by ESC \, then a letter
    [InlineData("1b2842", "")] // ESC ( B: a charset designation
    public void Unknown_sequences_vanish_without_leaking_characters(string hex, string expected) =>
        Assert.Equal(expected, Names(Decode(Convert.FromHexString(hex))));

    [Fact]
    public void A_lone_escape_becomes_a_key_only_when_flushed()
    {
        var decoder = new KeyDecoder();
        var keys = new List<Key>();
        decoder.Feed([0x1b], keys);
        Assert.Empty(keys);
        Assert.True(decoder.HasPending);
        decoder.Flush(keys);
        Assert.Equal("Escape", Names(keys));
        Assert.False(decoder.HasPending);
    }

    [Fact]
    public void Escape_followed_by_a_letter_is_escape_then_the_letter()
    {
        Assert.Equal("Escape 'x'", Names(Decode(0x1b, (byte)'x')));
        Assert.Equal("Escape Escape", Names(Decode(0x1b, 0x1b)));
    }

    [Fact]
    public void A_sequence_split_across_reads_is_still_one_key()
    {
        var decoder = new KeyDecoder();
        var keys = new List<Key>();
        foreach (var b in Convert.FromHexString("1b5b337e"))
        {
            decoder.Feed([b], keys);
        }

        Assert.Equal("Delete", Names(keys));
    }

    [Fact]
    public void Enter_always_gets_through_an_unterminated_sequence()
    {
        // Line noise started a CSI and an OSC string; the person presses Enter.
        Assert.Equal("Enter", Names(Decode(0x1b, (byte)'[', (byte)'1', (byte)';', 0x0d)));
        Assert.Equal("Enter", Names(Decode(0x1b, (byte)']', (byte)'0', (byte)';', (byte)'x', 0x0d)));
        Assert.Equal("Interrupt", Names(Decode(0x1b, (byte)']', (byte)'x', 0x03)));
    }

    [Fact]
    public void An_overlong_sequence_is_skipped_to_its_end()
    {
        var bytes = new List<byte> { 0x1b, (byte)'[' };
        bytes.AddRange(Enumerable.Repeat((byte)'1', 500));
        bytes.Add((byte)'m');
        bytes.Add((byte)'a');
        var decoder = new KeyDecoder();
        var keys = new List<Key>();
        decoder.Feed(bytes.ToArray(), keys);
        Assert.Equal("'a'", Names(keys));
        Assert.Equal(1, decoder.UnknownSequences);
    }

    [Fact]
    public void An_endless_string_is_abandoned_after_its_cap()
    {
        var bytes = new List<byte> { 0x1b, (byte)']' };
        bytes.AddRange(Enumerable.Repeat((byte)'x', KeyDecoder.MaxString + 1));
        bytes.Add((byte)'y');
        Assert.Equal("'y'", Names(Decode(bytes.ToArray())));
    }

    [Theory]
    [InlineData("c3a9", 0xe9)] // e acute
    [InlineData("e282ac", 0x20ac)] // euro sign
    [InlineData("f09f9880", 0x1f600)] // an emoji
    public void Valid_UTF8_becomes_one_character(string hex, int rune)
    {
        var key = Assert.Single(Decode(Convert.FromHexString(hex)));
        Assert.Equal(KeyKind.Char, key.Kind);
        Assert.Equal(rune, key.Rune);
    }

    [Theory]
    [InlineData("ff41", "'A'")] // a byte never valid in UTF-8
    [InlineData("c041", "'A'")] // overlong lead byte
    [InlineData("e08041", "'A'")] // overlong three-byte form
    [InlineData("eda08041", "'A'")] // a surrogate
    [InlineData("c30d", "Enter")] // truncated by a CR
    [InlineData("80", "")] // a lone continuation byte
    [InlineData("c285", "")] // NEL, a C1 control spelled in UTF-8
    [InlineData("9b41", "'A'")] // 8-bit CSI is not taken as one
    public void Invalid_UTF8_is_dropped_and_what_follows_survives(string hex, string expected) =>
        Assert.Equal(expected, Names(Decode(Convert.FromHexString(hex))));

    [Fact]
    public void NUL_from_a_break_and_other_controls_are_dropped_and_counted()
    {
        var decoder = new KeyDecoder();
        var keys = new List<Key>();
        decoder.Feed([0x00, 0x00, 0x1c, 0x1e, (byte)'k'], keys);
        Assert.Equal("'k'", Names(keys));
        Assert.Equal(4, decoder.IgnoredBytes);
    }

    [Fact]
    public void A_pasted_burst_keeps_every_character_in_order()
    {
        var text = "set vrrp web priority 200\rcommit\r";
        var keys = Decode(System.Text.Encoding.ASCII.GetBytes(text));
        Assert.Equal(text.Length, keys.Count);
        Assert.Equal("set vrrp web priority 200", string.Concat(keys.TakeWhile(k => k.Kind == KeyKind.Char).Select(k => (char)k.Rune)));
    }

    [Fact]
    public void Random_bytes_never_throw_and_never_hide_a_following_enter()
    {
        // Whatever noise came first, ^U then Enter after it are seen: the decoder cannot be wedged.
        Gen.Byte.Array[0, 200].Sample(noise =>
        {
            var decoder = new KeyDecoder();
            var keys = new List<Key>();
            decoder.Feed(noise, keys);
            keys.Clear();
            decoder.Feed([0x15, 0x0d], keys);
            decoder.Flush(keys);
            Assert.Contains(keys, k => k.Kind == KeyKind.Enter);
        }, iter: 5000);
    }
}
