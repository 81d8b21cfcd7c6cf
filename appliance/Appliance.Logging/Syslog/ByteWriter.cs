namespace Appliance.Logging.Syslog;

/// <summary>Appends to a caller's span; overflowing it is a bug in the length budget, so the span throws.</summary>
internal ref struct ByteWriter(Span<byte> destination)
{
    private readonly Span<byte> _destination = destination;

    public int Position { get; private set; }

    public readonly Span<byte> Free => _destination[Position..];

    public readonly int Remaining => _destination.Length - Position;

    public void Write(byte value) => _destination[Position++] = value;

    public void Write(scoped ReadOnlySpan<byte> value)
    {
        value.CopyTo(_destination[Position..]);
        Position += value.Length;
    }

    public void Advance(int count) => Position += count;

    public void Rewind(int position) => Position = position;
}
