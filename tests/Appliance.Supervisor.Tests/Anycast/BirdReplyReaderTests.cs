using System.Text;
using Appliance.Supervisor.Anycast;

namespace Appliance.Supervisor.Tests.Anycast;

/// <summary>BIRD's control-socket replies (captured from BIRD 2.0.12), read with bounds.</summary>
public sealed class BirdReplyReaderTests
{
    private const string ShowProtocols =
        "2002-Name       Proto      Table      State  Since         Info\n" +
        "1002-device1    Device     ---        up     11:27:05.945  \n" +
        " bfd1       BFD        ---        up     11:27:05.945  \n" +
        " anycast_web_4 Static     master4    down   11:27:05.945  \n" +
        " neighbor_1 BGP        ---        up     11:40:12.001  Established   \n" +
        " neighbor_2 BGP        ---        start  11:27:05.945  Active        Socket: Connection refused\n" +
        "0000 \n";

    private static (List<BirdReply> Replies, BirdReplyReader Reader, bool Ok) Read(string text, int chunk = int.MaxValue)
    {
        var reader = new BirdReplyReader();
        var replies = new List<BirdReply>();
        var bytes = Encoding.UTF8.GetBytes(text);
        var ok = true;
        for (var at = 0; at < bytes.Length && ok; at += chunk)
        {
            ok = reader.Feed(bytes.AsSpan(at, Math.Min(chunk, bytes.Length - at)), replies);
        }

        return (replies, reader, ok);
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(7)]
    public void Greeting_enable_and_a_table_are_three_replies_whatever_the_reads_cut(int chunk)
    {
        var (replies, _, ok) = Read("0001 BIRD 2.0.12 ready.\n0011-anycast_web_4: enabled\n0000 \n" + ShowProtocols, chunk);
        Assert.True(ok);
        Assert.Equal(3, replies.Count);
        Assert.Equal((1, "BIRD 2.0.12 ready."), (replies[0].Code, replies[0].Text));
        Assert.Equal((11, 0, false), (replies[1].FirstCode, replies[1].Code, replies[1].IsError));
        var rows = BirdProtocols.Parse(replies[2], out var skipped);
        Assert.Equal(0, skipped);
        Assert.Equal(["device1", "bfd1", "anycast_web_4", "neighbor_1", "neighbor_2"], rows.Select(r => r.Name));
        Assert.Equal(("Static", "down"), (rows[2].Proto, rows[2].State));
        Assert.Equal("Established", rows[3].SessionState);
        Assert.Equal(("Active", "Active        Socket: Connection refused"), (rows[4].SessionState, rows[4].Info));
        Assert.Equal("up", rows[1].SessionState);
    }

    [Fact]
    public void Errors_are_replies_with_their_code()
    {
        var (replies, _, _) = Read("9001 syntax error, unexpected CF_SYM_UNDEFINED\n8003 No protocols match\n");
        Assert.Equal([(9001, true), (8003, true)], replies.Select(r => (r.Code, r.IsError)));
    }

    [Theory]
    [InlineData("hello\n", "a reply line without a 4-digit code: 'hello'")]
    [InlineData("00a1 x\n", "a reply line without a 4-digit code")]
    [InlineData("0001+x\n", "a reply line without a 4-digit code")]
    [InlineData(" orphan\n", "a continuation line outside a reply")]
    public void Malformed_lines_are_rejected_with_a_reason(string text, string reason)
    {
        var (replies, reader, ok) = Read(text);
        Assert.False(ok);
        Assert.Empty(replies);
        Assert.StartsWith(reason, reader.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_endless_line_or_reply_is_cut_off_at_the_bound()
    {
        var (_, reader, ok) = Read("0001-" + new string('x', BirdReplyReader.MaxLine));
        Assert.False(ok);
        Assert.Equal($"a reply line longer than {BirdReplyReader.MaxLine} bytes", reader.Error);
        var endless = string.Concat(Enumerable.Repeat("1002-row\n", BirdReplyReader.MaxLines + 1));
        (_, reader, ok) = Read(endless);
        Assert.False(ok);
        Assert.Equal($"a reply of more than {BirdReplyReader.MaxLines} lines", reader.Error);
    }

    [Fact]
    public void A_row_without_its_columns_is_skipped_and_counted()
    {
        var (replies, _, _) = Read("1002-short row\n0000 \n");
        Assert.Empty(BirdProtocols.Parse(replies[0], out var skipped));
        Assert.Equal(1, skipped);
    }
}
