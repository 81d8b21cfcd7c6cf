using System.Text;

namespace Appliance.ConsoleUi.Screen;

/// <summary>
/// Text for a terminal that may know nothing but ASCII: whatever reaches the screen (log lines, nginx's output,
/// answers of the supervisor) goes through here, so no escape sequence or control character from outside can move
/// the cursor, change modes or ring a bell, and nothing needs Unicode. Tabs become spaces to the next multiple of 8.
/// </summary>
internal static class Printable
{
    public static string Line(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        if (IsClean(text))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == '\t')
            {
                clean.Append(' ', 8 - (clean.Length % 8));
            }
            else if (c is '\r' or '\n')
            {
                clean.Append(' ');
            }
            else
            {
                clean.Append(c is >= ' ' and <= '~' ? c : '?');
            }
        }

        return clean.ToString();
    }

    /// <summary>Splits text into lines (LF, CR LF or CR) and cleans each.</summary>
    public static IEnumerable<string> Lines(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        if (normalized.EndsWith('\n'))
        {
            normalized = normalized[..^1];
        }

        foreach (var line in normalized.Split('\n'))
        {
            yield return Line(line);
        }
    }

    /// <summary>Breaks a clean line into pieces of at most <paramref name="width"/> characters, at spaces where it can.</summary>
    public static IEnumerable<string> Wrap(string line, int width)
    {
        width = Math.Max(width, 8);
        while (line.Length > width)
        {
            var cut = line.LastIndexOf(' ', width);
            if (cut < width / 2)
            {
                cut = width;
            }

            yield return line[..cut].TrimEnd();
            line = "  " + line[cut..].TrimStart();
        }

        yield return line;
    }

    private static bool IsClean(string text)
    {
        foreach (var c in text)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}
