namespace Appliance.ConsoleUi.Editing;

/// <summary>
/// How a prompt and its line fit one screen row: when they do not, the text scrolls sideways so the cursor stays
/// in view, and a '&lt;' shows that the line goes on to the left.
/// </summary>
internal static class LineView
{
    public static (string Row, int CursorColumn) Fit(string label, string text, int cursor, int width)
    {
        width = Math.Max(width, 2);

        // A label leaves room for at least a dozen characters of answer.
        var longest = Math.Max(width / 2, width - 12);
        if (label.Length > longest)
        {
            label = label[..longest];
        }

        var room = width - label.Length;
        if (text.Length < room)
        {
            return (label + text, label.Length + cursor);
        }

        // Keep the cursor inside [start+1, start+room-1]: column 0 of the text window holds the '<' marker.
        var start = Math.Max(0, cursor - room + 2);
        if (start == 0)
        {
            return (label + text[..Math.Min(text.Length, room - 1)], label.Length + cursor);
        }

        var shown = text.Substring(start + 1, Math.Min(text.Length - start - 1, room - 2));
        return (label + "<" + shown, label.Length + 1 + (cursor - start - 1));
    }
}
