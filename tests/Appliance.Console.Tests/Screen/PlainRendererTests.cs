using Appliance.ConsoleUi.Screen;
using Appliance.ConsoleUi.Tests.Support;

namespace Appliance.ConsoleUi.Tests.Screen;

public sealed class PlainRendererTests
{
    private readonly Transcript _transcript = new(capacity: 50);
    private readonly PlainRenderer _renderer = new();
    private readonly LineRecorder _paper = new();
    private readonly ByteSink _sink = new();

    private byte[] Render(string prompt)
    {
        _sink.Clear();
        _renderer.Render(_transcript, prompt, _sink);
        var bytes = _sink.Written.ToArray();
        _paper.Feed(bytes);
        return bytes;
    }

    [Fact]
    public void Lines_then_the_prompt_and_typing_appends_only_the_new_character()
    {
        _transcript.Add("Welcome.", 79);
        Render("Choice: ");
        Assert.Equal("c"u8.ToArray(), Render("Choice: c"));
        Assert.Equal(["Welcome.", "Choice: c"], _paper.Lines);
    }

    [Fact]
    public void Backspace_is_BS_space_BS()
    {
        Render("Choice: 12");
        Assert.Equal("\b \b"u8.ToArray(), Render("Choice: 1"));
    }

    [Fact]
    public void The_submitted_line_is_not_written_twice()
    {
        Render("Choice: 1");
        _transcript.Add("Choice: 1", 79);
        _transcript.Add("status...", 79);
        Render("Choice: ");
        Assert.Equal(["Choice: 1", "status...", "Choice:"], _paper.Lines);
    }

    [Fact]
    public void A_replaced_line_is_rewritten_over_itself()
    {
        Render("> show status");
        Render("> commit");
        Assert.Equal(["> commit"], _paper.Lines);
    }

    [Fact]
    public void No_escape_sequence_is_ever_written()
    {
        for (var i = 0; i < 30; i++)
        {
            _transcript.Add($"line {i}", 79);
            Render(i % 2 == 0 ? "a prompt: " : "other: x");
        }

        Assert.DoesNotContain(_paper.Text, c => c == '\u001b');
    }

    [Fact]
    public void A_terminal_that_fell_behind_is_told_how_much_it_missed()
    {
        Render("");
        for (var i = 0; i < 80; i++)
        {
            _transcript.Add($"line {i}", 79);
        }

        Render("Choice: ");
        Assert.Contains("[30 lines not shown: the terminal fell behind]", _paper.Lines);
        Assert.Contains("line 79", _paper.Lines);
        Assert.Equal(30, _renderer.Missed);
    }
}
