using System.Globalization;
using System.Text;

namespace Appliance.Supervisor.Configuration;

/// <summary>
/// A commit-confirmed change that waits for its confirmation, as it is kept on the data partition
/// (<c>appliance.ini.pending</c> beside the file): the text to go back to, the deadline as wall-clock time (so it
/// means the same after a restart), the kernel's boot id of the boot that made it, and whether the supervisor that
/// owned it stopped in an orderly way (only then may a restart in the same boot resume the window).
/// </summary>
public sealed record PendingChange(string PreviousText, DateTimeOffset Deadline, string BootId, bool HandedOver, IReadOnlyList<string> Changes)
{
    /// <summary>No configuration file is this large; a bigger pending file is damage, not a change.</summary>
    public const int MaxBytes = 1024 * 1024;

    private const string Magic = "appliance-pending 1";
    private const int MaxChanges = 1000;

    public string Encode()
    {
        var text = new StringBuilder();
        text.Append(Magic).Append('\n');
        text.Append("deadline=").Append(Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("boot_id=").Append(BootId).Append('\n');
        text.Append("handed_over=").Append(HandedOver ? "1" : "0").Append('\n');
        foreach (var change in Changes.Take(MaxChanges))
        {
            text.Append("change=").Append(change.ReplaceLineEndings(" ")).Append('\n');
        }

        text.Append('\n').Append(PreviousText);
        return text.ToString();
    }

    /// <summary>Parses a pending file; a damaged one yields null and the reason (the caller rolls back to nothing it cannot read).</summary>
    public static PendingChange? Decode(string text, out string? error)
    {
        error = null;
        if (text.Length > MaxBytes)
        {
            error = $"larger than {MaxBytes} bytes";
            return null;
        }

        var end = text.IndexOf("\n\n", StringComparison.Ordinal);
        if (!text.StartsWith(Magic + "\n", StringComparison.Ordinal) || end < 0)
        {
            error = "not a pending-change file (no header or no blank line before the text)";
            return null;
        }

        long? deadline = null;
        string? bootId = null;
        bool? handedOver = null;
        var changes = new List<string>();
        foreach (var line in text[(Magic.Length + 1)..end].Split('\n'))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            var (key, value) = eq < 0 ? (line, string.Empty) : (line[..eq], line[(eq + 1)..]);
            switch (key)
            {
                case "deadline" when long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds():
                    deadline = ms;
                    break;
                case "boot_id" when value.Length <= 64:
                    bootId = value;
                    break;
                case "handed_over" when value is "0" or "1":
                    handedOver = value == "1";
                    break;
                case "change" when changes.Count < MaxChanges:
                    changes.Add(value);
                    break;
                default:
                    error = $"unexpected header line '{(line.Length > 40 ? line[..40] + "..." : line)}'";
                    return null;
            }
        }

        if (deadline is null || bootId is null || handedOver is null)
        {
            error = "deadline, boot_id or handed_over is missing";
            return null;
        }

        return new PendingChange(text[(end + 2)..], DateTimeOffset.FromUnixTimeMilliseconds(deadline.Value), bootId, handedOver.Value, changes);
    }
}
