using Appliance.ConsoleUi.Editing;
using Appliance.ConsoleUi.Input;

namespace Appliance.ConsoleUi.Tests.Editing;

public sealed class LineEditorTests
{
    private static EditOutcome Type(LineEditor editor, string text)
    {
        var outcome = EditOutcome.None;
        foreach (var c in text)
        {
            outcome = editor.Handle(Key.Char(c));
        }

        return outcome;
    }

    [Fact]
    public void Typing_and_enter_submit_the_line()
    {
        var editor = new LineEditor(20);
        Type(editor, "edge-b");
        Assert.Equal(EditStatus.Submitted, editor.Handle(Key.Of(KeyKind.Enter)).Status);
        Assert.Equal("edge-b", editor.Text);
    }

    [Fact]
    public void The_length_is_bounded_and_the_refusal_says_why()
    {
        var editor = new LineEditor(5);
        var outcome = Type(editor, "abcdefgh");
        Assert.Equal("abcde", editor.Text);
        Assert.Equal(EditStatus.Refused, outcome.Status);
        Assert.Equal("at most 5 characters here", outcome.Notice);
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x07)]
    [InlineData(0x1b)]
    [InlineData(0x7f)]
    [InlineData(0x85)]
    [InlineData(0xe9)]
    [InlineData(0x1f600)]
    public void Nothing_but_printable_ASCII_goes_into_a_value(int rune)
    {
        var editor = new LineEditor(20);
        var outcome = editor.Handle(Key.Char(rune));
        Assert.Equal(EditStatus.Refused, outcome.Status);
        Assert.Equal("", editor.Text);
    }

    [Fact]
    public void Emacs_keys_edit_in_the_middle()
    {
        var editor = new LineEditor(40);
        Type(editor, "set vrrp web priority 200");
        editor.Handle(Key.Of(KeyKind.DeleteWord));
        Assert.Equal("set vrrp web priority ", editor.Text);
        editor.Handle(Key.Of(KeyKind.Home));
        editor.Handle(Key.Of(KeyKind.Right));
        editor.Handle(Key.Of(KeyKind.Delete));
        Assert.Equal("st vrrp web priority ", editor.Text);
        Assert.Equal(1, editor.Cursor);
        editor.Handle(Key.Of(KeyKind.KillToEnd));
        Assert.Equal("s", editor.Text);
        Type(editor, "how");
        editor.Handle(Key.Of(KeyKind.End));
        Type(editor, " status");
        Assert.Equal("show status", editor.Text);
        editor.Handle(Key.Of(KeyKind.KillLine));
        Assert.Equal("", editor.Text);
    }

    [Fact]
    public void Control_D_ends_input_only_on_an_empty_line()
    {
        var editor = new LineEditor(10);
        Type(editor, "ab");
        editor.Handle(Key.Of(KeyKind.Home));
        Assert.Equal(EditStatus.Changed, editor.Handle(Key.Of(KeyKind.EndOfFile)).Status);
        Assert.Equal("b", editor.Text);
        editor.Handle(Key.Of(KeyKind.EndOfFile));
        Assert.Equal(EditStatus.EndOfInput, editor.Handle(Key.Of(KeyKind.EndOfFile)).Status);
    }

    [Fact]
    public void Control_C_cancels()
    {
        var editor = new LineEditor(10);
        Type(editor, "abc");
        Assert.Equal(EditStatus.Cancelled, editor.Handle(Key.Of(KeyKind.Interrupt)).Status);
    }

    [Fact]
    public void A_plain_terminal_edits_only_at_the_end()
    {
        var editor = new LineEditor(10, cursorMovement: false);
        Type(editor, "abc");
        Assert.Equal(EditStatus.None, editor.Handle(Key.Of(KeyKind.Left)).Status);
        Assert.Equal(EditStatus.None, editor.Handle(Key.Of(KeyKind.Home)).Status);
        Type(editor, "d");
        editor.Handle(Key.Of(KeyKind.Backspace));
        Assert.Equal("abc", editor.Text);
        Assert.Equal(3, editor.Cursor);
    }

    [Fact]
    public void A_password_shows_nothing_and_is_not_remembered()
    {
        var history = new List<string>();
        var editor = new LineEditor(20, masked: true, history: history);
        Type(editor, "secret");
        Assert.Equal("", editor.Visible);
        Assert.Equal(0, editor.VisibleCursor);
        editor.Handle(Key.Of(KeyKind.Enter));
        Assert.Empty(history);
        Assert.Equal(EditStatus.None, editor.Handle(Key.Of(KeyKind.Tab), new WordCompleter(["secretive"])).Status);
    }

    [Fact]
    public void History_recalls_earlier_lines_and_the_draft()
    {
        var history = new List<string>();
        var first = new LineEditor(40, history: history);
        Type(first, "show status");
        first.Handle(Key.Of(KeyKind.Enter));
        var second = new LineEditor(40, history: history);
        Type(second, "commit");
        second.Handle(Key.Of(KeyKind.Enter));

        var third = new LineEditor(40, history: history);
        Type(third, "dra");
        third.Handle(Key.Of(KeyKind.Up));
        Assert.Equal("commit", third.Text);
        third.Handle(Key.Of(KeyKind.Up));
        Assert.Equal("show status", third.Text);
        third.Handle(Key.Of(KeyKind.Up));
        Assert.Equal("show status", third.Text);
        third.Handle(Key.Of(KeyKind.Down));
        third.Handle(Key.Of(KeyKind.Down));
        Assert.Equal("dra", third.Text);
    }

    [Fact]
    public void Tab_completes_a_unique_word_and_adds_a_space()
    {
        var editor = new LineEditor(40);
        Type(editor, "set vrrp web pri");
        editor.Handle(Key.Of(KeyKind.Tab), new WordCompleter(["priority", "preempt", "preempt_delay"]));
        Assert.Equal("set vrrp web priority ", editor.Text);
    }

    [Fact]
    public void Tab_extends_to_the_common_prefix_then_lists()
    {
        var editor = new LineEditor(40);
        Type(editor, "pr");
        var completer = new WordCompleter(["priority", "preempt", "preempt_delay"]);
        editor.Handle(Key.Of(KeyKind.Tab), completer);
        Assert.Equal("pr", editor.Text);
        Type(editor, "e");
        Assert.Equal(EditStatus.Changed, editor.Handle(Key.Of(KeyKind.Tab), completer).Status);
        Assert.Equal("preempt", editor.Text);
        var listed = editor.Handle(Key.Of(KeyKind.Tab), completer);
        Assert.Equal(EditStatus.Listed, listed.Status);
        Assert.Equal(["preempt", "preempt_delay"], listed.Candidates);
    }

    [Fact]
    public void Tab_without_a_match_says_so()
    {
        var editor = new LineEditor(40);
        Type(editor, "xyz");
        var outcome = editor.Handle(Key.Of(KeyKind.Tab), new WordCompleter(["priority"]));
        Assert.Equal(EditStatus.Refused, outcome.Status);
        Assert.Equal("nothing here starts with 'xyz'", outcome.Notice);
    }

    [Fact]
    public void Completion_respects_the_length_bound()
    {
        var editor = new LineEditor(4);
        Type(editor, "pr");
        Assert.Equal(EditStatus.Refused, editor.Handle(Key.Of(KeyKind.Tab), new WordCompleter(["priority"])).Status);
        Assert.Equal("pr", editor.Text);
    }

    [Fact]
    public void An_initial_value_is_cleaned_and_cut_like_typing()
    {
        var editor = new LineEditor(5, initial: "ab\u001b[2Jcdefg");
        Assert.Equal("ab[2J", editor.Text);
    }
}
