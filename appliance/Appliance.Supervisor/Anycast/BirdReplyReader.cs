using System.Text;

namespace Appliance.Supervisor.Anycast;

/// <summary>One line of a BIRD control-socket reply: its 4-digit code and its text.</summary>
internal readonly record struct BirdReplyLine(int Code, string Text);

/// <summary>A whole reply: every line up to the one whose code is followed by a space.</summary>
internal sealed record BirdReply(IReadOnlyList<BirdReplyLine> Lines)
{
    /// <summary>The code of the last line: 0xxx done, 8xxx run-time error, 9xxx parse error (BIRD's doc/reply_codes).</summary>
    public int Code => Lines[^1].Code;

    /// <summary>The first line's code, which says what the reply is (0011 enabled, 0010 already enabled, 1002 protocol list).</summary>
    public int FirstCode => Lines[0].Code;

    public bool IsError => Code >= 8000;

    public string Text => string.Join("; ", Lines.Select(l => l.Text).Where(t => t.Length > 0));
}

/// <summary>
/// BIRD's control-socket line protocol, read with bounds: each line is <c>DDDD-text</c> (more follow),
/// <c>DDDD text</c> (the reply's last line) or <c> text</c> (a continuation with the previous code). A line longer
/// than <see cref="MaxLine"/>, a reply of more than <see cref="MaxLines"/> lines, or a line without a code is
/// rejected with its reason; the edge then drops the connection (BIRD is local and ours: garbage means it is
/// not BIRD, or not well).
/// </summary>
internal sealed class BirdReplyReader
{
    public const int MaxLine = 1024;
    public const int MaxLines = 1024;
    private readonly byte[] _line = new byte[MaxLine];
    private readonly List<BirdReplyLine> _lines = [];
    private int _length;

    /// <summary>Why the stream was rejected; once set, nothing more is read.</summary>
    public string? Error { get; private set; }

    public long Replies { get; private set; }

    /// <summary>Adds completed replies to <paramref name="replies"/>; false when the stream is rejected (<see cref="Error"/>).</summary>
    public bool Feed(ReadOnlySpan<byte> data, List<BirdReply> replies)
    {
        foreach (var b in data)
        {
            if (Error is not null)
            {
                return false;
            }

            if (b != (byte)'\n')
            {
                if (_length == MaxLine)
                {
                    Error = $"a reply line longer than {MaxLine} bytes";
                    return false;
                }

                _line[_length++] = b;
                continue;
            }

            Line(Encoding.UTF8.GetString(_line, 0, _length), replies);
            _length = 0;
        }

        return Error is null;
    }

    private void Line(string line, List<BirdReply> replies)
    {
        if (line.StartsWith(' '))
        {
            if (_lines.Count == 0)
            {
                Error = "a continuation line outside a reply";
                return;
            }

            Add(new BirdReplyLine(_lines[^1].Code, line[1..]));
            return;
        }

        if (line.Length < 5 || !IsDigits(line) || line[4] is not ('-' or ' '))
        {
            Error = $"a reply line without a 4-digit code: '{Shorten(line)}'";
            return;
        }

        Add(new BirdReplyLine(int.Parse(line.AsSpan(0, 4), System.Globalization.CultureInfo.InvariantCulture), line[5..]));
        if (Error is null && line[4] == ' ')
        {
            replies.Add(new BirdReply([.. _lines]));
            _lines.Clear();
            Replies++;
        }
    }

    private static bool IsDigits(string line) => line.AsSpan(0, 4).IndexOfAnyExceptInRange('0', '9') < 0;

    private void Add(BirdReplyLine line)
    {
        if (_lines.Count == MaxLines)
        {
            Error = $"a reply of more than {MaxLines} lines";
            return;
        }

        _lines.Add(line);
    }

    private static string Shorten(string line) => line.Length <= 40 ? line : line[..40] + "...";
}
