using Appliance.ConsoleUi.Session;

namespace Appliance.ConsoleUi.Tests.Session;

public sealed class CliWordsTests
{
    [Fact]
    public void Words_keep_their_positions()
    {
        Assert.Equal([new Word(0, "set"), new Word(5, "a"), new Word(7, "b")], CliWords.Split("set  a b  "));
    }

    [Theory]
    [InlineData("sh", null)]
    [InlineData("sho", "show")]
    [InlineData("SHOW", "show")]
    [InlineData("set", "set")]
    public void Keywords_resolve_by_unique_prefix(string word, string? expected) =>
        Assert.Equal(expected, CliWords.Resolve(word, ["show", "shell", "set"], "command", out _));

    [Fact]
    public void A_value_is_the_rest_of_the_line_with_its_inner_spaces()
    {
        const string line = "set hooks on_master /bin/notify  a  b";
        Assert.True(CliWords.TryTarget(line, CliWords.Split(line), 1, true, out var path, out var value, out _));
        Assert.Equal("hooks:on_master", path.ToString());
        Assert.Equal("/bin/notify  a  b", value);
    }
}
