using Appliance.ConsoleUi.Screen;
using Appliance.ConsoleUi.Tests.Support;
using CsCheck;

namespace Appliance.ConsoleUi.Tests.Screen;

public sealed class VtRendererTests
{
    private static Frame Frame(string[] rows, int cursorRow = 23, int cursorColumn = 0, int top = -1, int bottom = -1) =>
        new(rows, cursorRow, cursorColumn, top, bottom);

    private static string[] Rows(int count, Func<int, string> row) => Enumerable.Range(0, count).Select(row).ToArray();

    private static (TerminalEmulator Terminal, VtRenderer Renderer, ByteSink Sink) Setup(int columns = 80, int rows = 24) =>
        (new TerminalEmulator(columns, rows), new VtRenderer(columns, rows), new ByteSink());

    private static int Draw(TerminalEmulator terminal, VtRenderer renderer, ByteSink sink, Frame frame)
    {
        sink.Clear();
        renderer.Render(frame, sink);
        terminal.Feed(sink.Written);
        return sink.Length;
    }

    [Fact]
    public void The_first_frame_clears_and_paints_everything()
    {
        var (terminal, renderer, sink) = Setup();
        var frame = Frame(Rows(24, i => $"row {i}"), 23, 6);
        Draw(terminal, renderer, sink, frame);
        Assert.Equal(Rows(24, i => $"row {i}"), terminal.Lines);
        Assert.Equal((23, 6), (terminal.Row, terminal.Column));
        Assert.Equal(1, terminal.FullClears);
        Assert.Empty(terminal.Unknown);
    }

    [Fact]
    public void An_unchanged_frame_sends_nothing()
    {
        var (terminal, renderer, sink) = Setup();
        var frame = Frame(Rows(24, i => $"row {i}"), 23, 6);
        Draw(terminal, renderer, sink, frame);
        Assert.Equal(0, Draw(terminal, renderer, sink, frame));
    }

    [Fact]
    public void Typing_a_character_costs_only_the_character()
    {
        var (terminal, renderer, sink) = Setup();
        var rows = Rows(24, i => i == 23 ? "Choice: 1" : $"row {i}");
        Draw(terminal, renderer, sink, Frame(rows, 23, 9));
        rows[23] = "Choice: 12";
        var bytes = Draw(terminal, renderer, sink, Frame(rows, 23, 10));

        // The cursor already sits after "1": the '2' alone moves it on.
        Assert.Equal(1, bytes);
        Assert.Equal("Choice: 12", terminal.Line(23));
    }

    [Fact]
    public void The_first_character_after_a_prompt_ending_in_a_space_costs_one_byte()
    {
        var (terminal, renderer, sink) = Setup();
        var rows = Rows(24, i => i == 23 ? "Choice: " : "");
        Draw(terminal, renderer, sink, Frame(rows, 23, 8));
        rows[23] = "Choice: 1";
        Assert.Equal(1, Draw(terminal, renderer, sink, Frame(rows, 23, 9)));
        Assert.Equal("Choice: 1", terminal.Line(23));
    }

    [Fact]
    public void Backspace_costs_a_BS_and_an_erase()
    {
        var (terminal, renderer, sink) = Setup();
        var rows = Rows(24, i => i == 23 ? "Choice: 12" : "");
        Draw(terminal, renderer, sink, Frame(rows, 23, 10));
        rows[23] = "Choice: 1";
        var bytes = Draw(terminal, renderer, sink, Frame(rows, 23, 9));
        Assert.Equal("\b\e[K"u8.ToArray(), sink.Written.ToArray());
        Assert.Equal(4, bytes);
        Assert.Equal("Choice: 1", terminal.Line(23));
        Assert.Equal((23, 9), (terminal.Row, terminal.Column));
    }

    [Fact]
    public void A_changed_digit_in_the_header_costs_a_cursor_move_and_the_digit()
    {
        var (terminal, renderer, sink) = Setup();
        var rows = Rows(24, i => i == 0 ? "b2  up 59s  eth0 192.0.2.12/24" : "");
        Draw(terminal, renderer, sink, Frame(rows, 23, 0));
        rows[0] = "b2  up 58s  eth0 192.0.2.12/24";
        var bytes = Draw(terminal, renderer, sink, Frame(rows, 23, 0));
        Assert.True(bytes <= 16, $"{bytes} bytes");
        Assert.Equal(rows[0], terminal.Line(0));
    }

    [Fact]
    public void A_shorter_row_is_erased_to_its_end()
    {
        var (terminal, renderer, sink) = Setup();
        var rows = Rows(24, i => i == 5 ? "a long line of text" : "");
        Draw(terminal, renderer, sink, Frame(rows));
        rows[5] = "a long";
        Draw(terminal, renderer, sink, Frame(rows));
        Assert.Equal("a long", terminal.Line(5));
    }

    [Fact]
    public void A_transcript_that_moved_up_is_scrolled_not_repainted()
    {
        var (terminal, renderer, sink) = Setup();
        var lines = Enumerable.Range(0, 40).Select(i => $"transcript line {i} with some words to make it worth scrolling").ToList();
        string[] Screen(int first) => Rows(24, r => r switch
        {
            0 => "header",
            1 => new string('-', 79),
            23 => "Choice: ",
            _ => lines[first + r - 2],
        });
        Draw(terminal, renderer, sink, Frame(Screen(0), 23, 8, 2, 22));
        var bytes = Draw(terminal, renderer, sink, Frame(Screen(2), 23, 8, 2, 22));
        Assert.Equal(Screen(2).Select(l => l.TrimEnd()), terminal.Lines);
        Assert.True(bytes < 220, $"{bytes} bytes for two new lines");
        Assert.Equal(1, terminal.FullClears);
        Assert.Empty(terminal.Unknown);
    }

    [Fact]
    public void Invalidate_repaints_everything()
    {
        var (terminal, renderer, sink) = Setup();
        var frame = Frame(Rows(24, i => $"row {i}"));
        Draw(terminal, renderer, sink, frame);
        renderer.Invalidate();
        Draw(terminal, renderer, sink, frame);
        Assert.Equal(2, terminal.FullClears);
    }

    [Fact]
    public void Nothing_is_ever_written_into_the_last_column()
    {
        var (terminal, renderer, sink) = Setup(40, 10);
        Draw(terminal, renderer, sink, Frame(Rows(10, _ => new string('x', 60)), 9, 45));
        Assert.All(terminal.Lines, l => Assert.Equal(39, l.Length));
        Assert.Equal(38, terminal.Column);
    }

    [Fact]
    public void Any_sequence_of_frames_ends_with_the_screen_equal_to_the_last_frame()
    {
        // Frames drawn from a small alphabet, so rows often share prefixes, suffixes and shifted copies.
        var row = Gen.String[Gen.Char["ab -"], 0, 90];
        var frames = Gen.Select(row.Array[12], Gen.Int[0, 11], Gen.Int[0, 50], Gen.Int[1, 6], Gen.Int[7, 11])
            .Select((rows, cursorRow, cursorColumn, top, bottom) => new Frame(rows, cursorRow, cursorColumn, top, bottom))
            .Array[1, 8];
        frames.Sample(sequence =>
        {
            var (terminal, renderer, sink) = Setup(50, 12);
            foreach (var frame in sequence)
            {
                Draw(terminal, renderer, sink, frame);
            }

            var last = sequence[^1];
            var expected = last.Rows.Select(r => r.TrimEnd() is var t && t.Length > 49 ? t[..49].TrimEnd() : t).ToArray();
            Assert.Equal(expected, terminal.Lines);
            Assert.Equal((last.CursorRow, Math.Min(last.CursorColumn, 48)), (terminal.Row, terminal.Column));
            Assert.Empty(terminal.Unknown);
        }, iter: 3000);
    }
}
