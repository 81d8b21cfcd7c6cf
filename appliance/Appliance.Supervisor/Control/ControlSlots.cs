namespace Appliance.Supervisor.Control;

/// <summary>
/// Who may keep a connection to a control socket, as a pure policy on a caller's clock (the edge is
/// <see cref="ControlServer"/>): a bounded number of slots, an idle timeout, and eviction of the longest-idle
/// connection when a new one arrives at a full table, so that idle or half-sent connections can never lock out an
/// operator's <c>appliance status</c>.
/// <list type="bullet">
/// <item>Idle: no request waiting for its answer and nothing left to write. Closed after <see cref="IdleTimeout"/>
/// without a byte in either direction, whether it sent nothing or half a request; evicted first when slots run out.</item>
/// <item>Writing: an answer is partly written. Closed after <see cref="IdleTimeout"/> without the reader taking a
/// byte; never evicted (it is being served).</item>
/// <item>Waiting: a request is being answered (a failover waits for the other box): neither timed out nor evicted.</item>
/// </list>
/// </summary>
internal sealed class ControlSlots(int capacity, TimeSpan idleTimeout)
{
    private readonly Dictionary<long, Slot> _slots = [];
    private long _nextId;

    public int Capacity { get; } = capacity;

    public TimeSpan IdleTimeout { get; } = idleTimeout;

    public int Count => _slots.Count;

    public long Evicted { get; private set; }

    public long TimedOut { get; private set; }

    public long Refused { get; private set; }

    /// <summary>
    /// A new connection arrived: its id, and the id of an idle connection the caller must close to make room (the
    /// one idle longest); null id when every slot is busy and the new connection must be refused.
    /// </summary>
    public (long? Id, long? Evict) Admit(TimeSpan now)
    {
        long? evict = null;
        if (_slots.Count >= Capacity)
        {
            var victim = _slots.Where(s => s.Value.Waiting == 0 && !s.Value.Writing).OrderBy(s => s.Value.LastProgress).Select(s => (long?)s.Key).FirstOrDefault();
            if (victim is not { } id)
            {
                Refused++;
                return (null, null);
            }

            _slots.Remove(id);
            Evicted++;
            evict = id;
        }

        var admitted = ++_nextId;
        _slots[admitted] = new Slot { LastProgress = now };
        return (admitted, evict);
    }

    /// <summary>Bytes moved in either direction.</summary>
    public void Progress(long id, TimeSpan now)
    {
        if (_slots.TryGetValue(id, out var slot))
        {
            slot.LastProgress = now;
        }
    }

    public void RequestStarted(long id, TimeSpan now)
    {
        if (_slots.TryGetValue(id, out var slot))
        {
            slot.Waiting++;
            slot.LastProgress = now;
        }
    }

    public void RequestAnswered(long id, TimeSpan now)
    {
        if (_slots.TryGetValue(id, out var slot) && slot.Waiting > 0)
        {
            slot.Waiting--;
            slot.LastProgress = now;
        }
    }

    public void SetWriting(long id, bool writing, TimeSpan now)
    {
        if (_slots.TryGetValue(id, out var slot))
        {
            slot.Writing = writing;
            slot.LastProgress = now;
        }
    }

    public void Remove(long id) => _slots.Remove(id);

    /// <summary>The connections whose idle timeout has run out; they are forgotten here, the caller closes them.</summary>
    public List<long> Expire(TimeSpan now)
    {
        var expired = _slots.Where(s => s.Value.Waiting == 0 && now - s.Value.LastProgress >= IdleTimeout).Select(s => s.Key).ToList();
        foreach (var id in expired)
        {
            _slots.Remove(id);
            TimedOut++;
        }

        return expired;
    }

    /// <summary>When the next idle timeout runs out; null when no connection can time out.</summary>
    public TimeSpan? NextDeadline
    {
        get
        {
            TimeSpan? next = null;
            foreach (var slot in _slots.Values)
            {
                if (slot.Waiting == 0 && (next is null || slot.LastProgress + IdleTimeout < next))
                {
                    next = slot.LastProgress + IdleTimeout;
                }
            }

            return next;
        }
    }

    private sealed class Slot
    {
        public TimeSpan LastProgress { get; set; }

        public int Waiting { get; set; }

        public bool Writing { get; set; }
    }
}
