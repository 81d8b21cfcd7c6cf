namespace Appliance.ConsoleUi.Screen;

/// <summary>
/// What the screen should show: one string per row (no trailing spaces needed, at most Columns - 1 characters so
/// the last column, where terminals disagree about wrapping, stays unused), where the cursor rests, and the rows
/// that scroll as one region (the transcript), which lets the renderer scroll instead of repainting them.
/// </summary>
internal sealed record Frame(IReadOnlyList<string> Rows, int CursorRow, int CursorColumn, int ScrollTop = -1, int ScrollBottom = -1)
{
    public bool HasScrollRegion => ScrollTop >= 0 && ScrollBottom > ScrollTop;
}
