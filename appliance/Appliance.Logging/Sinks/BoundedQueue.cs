using System.Diagnostics;

namespace Appliance.Logging.Sinks;

/// <summary>
/// A fixed ring of references between any number of producers and one consumer thread. Full means the producer's
/// item is refused at once (drop newest): a producer never waits, never allocates, and holds the lock for a few
/// instructions.
/// </summary>
internal sealed class BoundedQueue<T>
    where T : class
{
    private readonly T?[] _items;
    private readonly object _gate = new();
    private int _head;
    private int _count;
    private bool _completed;

    public BoundedQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _items = new T?[capacity];
    }

    public int Capacity => _items.Length;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    public bool IsCompleted => Volatile.Read(ref _completed);

    /// <summary>False when full or completed.</summary>
    public bool TryEnqueue(T item)
    {
        lock (_gate)
        {
            if (_completed || _count == _items.Length)
            {
                return false;
            }
            _items[(_head + _count) % _items.Length] = item;
            _count++;
            if (_count == 1)
            {
                Monitor.Pulse(_gate);
            }
            return true;
        }
    }

    /// <summary>The oldest item, or null after the timeout or once completed and empty.</summary>
    public T? TryDequeue(TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_count == 0 && !_completed && timeout != TimeSpan.Zero)
            {
                Monitor.Wait(_gate, timeout);
            }
            if (_count == 0)
            {
                return null;
            }
            var item = _items[_head];
            _items[_head] = null;
            _head = (_head + 1) % _items.Length;
            _count--;
            return item;
        }
    }

    /// <summary>Sleeps until <see cref="Complete"/> or the timeout; true when completed.</summary>
    public bool WaitForCompletion(TimeSpan timeout)
    {
        long start = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            // Producers pulse the same monitor; only completion or the full timeout may end this wait.
            while (!_completed)
            {
                var left = timeout - Stopwatch.GetElapsedTime(start);
                if (left <= TimeSpan.Zero)
                {
                    break;
                }
                Monitor.Wait(_gate, left);
            }
            return _completed;
        }
    }

    /// <summary>Refuses further items and wakes the consumer; items already queued stay to be drained.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
    }
}
