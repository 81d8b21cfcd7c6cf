using Appliance.ConsoleUi.Editing;

namespace Appliance.ConsoleUi.Tests.Editing;

public sealed class LineViewTests
{
    [Fact]
    public void A_short_line_is_shown_whole()
    {
        var (row, column) = LineView.Fit("Choice: ", "12", 2, 79);
        Assert.Equal("Choice: 12", row);
        Assert.Equal(10, column);
    }

    [Fact]
    public void A_long_line_scrolls_so_the_cursor_stays_visible()
    {
        var text = new string('x', 100) + "END";
        var (row, column) = LineView.Fit("> ", text, text.Length, 40);
        Assert.True(row.Length <= 40, row);
        Assert.StartsWith("> <", row, StringComparison.Ordinal);
        Assert.EndsWith("END", row, StringComparison.Ordinal);
        Assert.Equal(row.Length, column);
        Assert.True(column < 40);
    }

    [Fact]
    public void Every_cursor_position_of_a_long_line_is_on_screen_and_on_its_character()
    {
        var text = string.Concat(Enumerable.Range(0, 150).Select(i => (char)('a' + (i % 26))));
        for (var cursor = 0; cursor <= text.Length; cursor++)
        {
            var (row, column) = LineView.Fit("Value: ", text, cursor, 60);
            Assert.True(row.Length <= 60);
            Assert.InRange(column, 7, 59);
            if (cursor < text.Length)
            {
                Assert.Equal(text[cursor], row[column]);
            }
        }
    }
}
