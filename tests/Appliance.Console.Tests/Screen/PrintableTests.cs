using Appliance.ConsoleUi.Screen;

namespace Appliance.ConsoleUi.Tests.Screen;

public sealed class PrintableTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("nginx: \u001b[31merror\u001b[0m", "nginx: ?[31merror?[0m")]
    [InlineData("bell\u0007 and \u0000nul", "bell? and ?nul")]
    [InlineData("caf\u00e9 \u2603", "caf? ?")]
    [InlineData("a\tb", "a       b")]
    public void Nothing_but_printable_ASCII_reaches_the_screen(string text, string expected) =>
        Assert.Equal(expected, Printable.Line(text));

    [Fact]
    public void Long_lines_wrap_at_spaces_with_an_indent()
    {
        var lines = Printable.Wrap("appliance.ini:13: [vrrp:web] priority = 300: out of range: priority must be 1-254 (255 only for the address owner)", 79).ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.True(l.Length <= 79));
        Assert.StartsWith("  ", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_word_longer_than_the_line_is_cut()
    {
        var lines = Printable.Wrap(new string('x', 200), 79).ToList();
        Assert.All(lines, l => Assert.True(l.Length <= 79));
        Assert.Equal(200, lines.Sum(l => l.Trim().Length));
    }

    [Fact]
    public void Text_is_split_on_any_line_end()
    {
        Assert.Equal(["a", "b", "c", "d"], Printable.Lines("a\r\nb\nc\rd\n"));
    }
}
