namespace Appliance.ConsoleUi.Screen;

/// <summary>
/// Output for a terminal known to understand nothing but printable text, CR, LF and BS (TERM=dumb, a teletype, a
/// log file): the transcript is written line after line as it grows, and the prompt line is kept up to date with
/// what typing needs: the characters added, "BS space BS" for those removed, or CR and the line again.
/// </summary>
internal sealed class PlainRenderer(long startAt = 0)
{
    private long _written = startAt;
    private string _line = "";

    /// <summary>Lines the terminal never saw because it fell further behind than the transcript holds.</summary>
    public long Missed { get; private set; }

    public void Render(Transcript transcript, string promptLine, ByteSink output)
    {
        if (transcript.Next > _written)
        {
            var lines = transcript.Since(_written).ToList();
            if (transcript.First > _written)
            {
                Missed += transcript.First - _written;
            }

            var index = 0;
            if (_line.Length > 0)
            {
                if (lines.Count > 0 && lines[0] == _line)
                {
                    // The answer just typed is the first new line: the terminal already shows it.
                    output.NewLine();
                    index = 1;
                }
                else
                {
                    EraseLine(output);
                }
            }

            if (transcript.First > _written)
            {
                output.Text($"[{transcript.First - _written} lines not shown: the terminal fell behind]");
                output.NewLine();
            }

            for (; index < lines.Count; index++)
            {
                output.Text(lines[index]);
                output.NewLine();
            }

            _written = transcript.Next;
            _line = "";
        }

        UpdatePrompt(promptLine, output);
    }

    private void UpdatePrompt(string target, ByteSink output)
    {
        if (target == _line)
        {
            return;
        }

        if (target.StartsWith(_line, StringComparison.Ordinal))
        {
            output.Text(target.AsSpan(_line.Length));
        }
        else if (_line.StartsWith(target, StringComparison.Ordinal))
        {
            for (var i = target.Length; i < _line.Length; i++)
            {
                output.Bytes("\b \b"u8);
            }
        }
        else
        {
            EraseLine(output);
            output.Text(target);
        }

        _line = target;
    }

    private void EraseLine(ByteSink output)
    {
        output.Byte((byte)'\r');
        output.Repeat((byte)' ', _line.Length);
        output.Byte((byte)'\r');
        _line = "";
    }
}
