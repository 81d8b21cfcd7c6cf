namespace Appliance.ConsoleUi.Screen;

/// <summary>
/// The conversation so far, as clean lines no wider than the screen: what was asked and answered, and what the
/// box said. Bounded: the oldest lines go first. Every line has a sequence number, so a plain renderer can write
/// exactly the lines it has not written yet, and say how many it missed if the terminal fell that far behind.
/// </summary>
internal sealed class Transcript(int capacity = 2000)
{
    private readonly Queue<string> _lines = new();

    /// <summary>Sequence number of the oldest line still held.</summary>
    public long First { get; private set; }

    /// <summary>Sequence number the next line will get.</summary>
    public long Next { get; private set; }

    public int Count => _lines.Count;

    /// <summary>Adds a line, cleaned and wrapped to <paramref name="width"/>.</summary>
    public void Add(string text, int width)
    {
        foreach (var piece in Printable.Wrap(Printable.Line(text), width))
        {
            _lines.Enqueue(piece);
            Next++;
            if (_lines.Count > capacity)
            {
                _lines.Dequeue();
                First++;
            }
        }
    }

    /// <summary>The lines from sequence number <paramref name="from"/> on (or from the oldest held).</summary>
    public IEnumerable<string> Since(long from) => _lines.Skip((int)Math.Clamp(from - First, 0, _lines.Count));

    /// <summary>The last <paramref name="count"/> lines, oldest first.</summary>
    public IReadOnlyList<string> Tail(int count) => _lines.Skip(Math.Max(0, _lines.Count - count)).ToList();
}
