using System.Collections;

namespace Appliance.Config;

/// <summary>
/// An immutable list with value equality, so that records holding lists compare by content: the supervisor diffs the
/// old and the new <see cref="ApplianceConfig"/> to decide what it can apply live.
/// </summary>
public sealed class EquatableList<T> : IReadOnlyList<T>, IEquatable<EquatableList<T>>
{
    public static readonly EquatableList<T> Empty = new([]);

    private readonly T[] _items;

    public EquatableList(IEnumerable<T> items) => _items = [.. items];

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    public bool Equals(EquatableList<T>? other)
    {
        if (other is null)
        {
            return false;
        }

        return ReferenceEquals(this, other) || _items.AsSpan().SequenceEqual(other._items, EqualityComparer<T>.Default);
    }

    public override bool Equals(object? obj) => obj is EquatableList<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public override string ToString() => "[" + string.Join(", ", _items) + "]";
}

public static class EquatableList
{
    /// <summary>Wraps (copies) a sequence; an <see cref="EquatableList{T}"/> is returned as it is.</summary>
    public static EquatableList<T> From<T>(IEnumerable<T>? items) => items switch
    {
        null => EquatableList<T>.Empty,
        EquatableList<T> list => list,
        _ => new EquatableList<T>(items),
    };
}
