using System.Collections.Concurrent;
using System.Diagnostics;
using Tmds.Linux;

namespace Appliance.Linux.Events;

/// <summary>
/// The one place where the supervisor's state changes: an epoll loop over file descriptors (raw sockets, netlink,
/// pidfds, the control socket), a heap of timers whose earliest deadline is the wait's timeout, and an eventfd
/// through which other threads post work. Everything registered runs on the loop's thread, one callback at a time.
/// </summary>
/// <remarks>
/// Time is CLOCK_MONOTONIC, the clock of <see cref="Stopwatch"/> on Linux, as a <see cref="TimeSpan"/> since boot.
/// Each turn waits in epoll_pwait2 with the time left to the earliest deadline in nanoseconds, so 10 ms
/// advertisement intervals keep their cadence without a busy loop, and moving a deadline costs no system call (a
/// timerfd costs a timerfd_settime per move and a read per expiry: at 10 ms adverts that doubled the calls per
/// advertisement). Where epoll_pwait2 is missing (a kernel before 5.11, or a seccomp filter that refuses it) the
/// loop falls back to epoll_wait with the timeout rounded up to the millisecond.
/// </remarks>
public sealed unsafe class EventLoop : IDisposable
{
    private const int MaxEvents = 64;
    private static readonly long StopwatchTicksPerTimeSpanTick = Stopwatch.Frequency / TimeSpan.TicksPerSecond;

    private readonly SafeFd _epoll;
    private readonly SafeFd _wake;
    private readonly Dictionary<int, Registration> _handlers = [];
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly PriorityQueue<LoopTimer, (TimeSpan, long)> _timers = new();
    private readonly Action<string, Exception> _onError;
    private long _timerSequence;
    private bool _noPwait2;
    private int _ownerThread;
    private volatile bool _stopping;

    /// <param name="onError">Called when a callback throws; the loop goes on (a bug in one part must not stop VRRP).</param>
    public EventLoop(Action<string, Exception> onError)
    {
        _onError = onError;
        _epoll = Create(LibC.epoll_create1(LibC.EPOLL_CLOEXEC), "epoll_create1");
        _wake = Create(LibC.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK), "eventfd");
        Register(_wake, DrainWake);
    }

    /// <summary>Now on CLOCK_MONOTONIC.</summary>
    public static TimeSpan Now => TimeSpan.FromTicks(Stopwatch.GetTimestamp() / StopwatchTicksPerTimeSpanTick);

    public bool IsRunning { get; private set; }

    /// <summary>Calls <paramref name="onReadable"/> on the loop whenever the descriptor is readable (level-triggered).</summary>
    public void Register(SafeFd fd, Action onReadable) => Register(fd, onReadable, null);

    /// <summary>
    /// As <see cref="Register(SafeFd, Action)"/>, with <paramref name="onWritable"/> called when the descriptor
    /// becomes writable while <see cref="Watch"/> asks for it (EPOLLOUT continuation of a partial write).
    /// </summary>
    public void Register(SafeFd fd, Action onReadable, Action? onWritable) => Register(fd, onReadable, onWritable, readable: true, writable: false);

    /// <summary>As <see cref="Register(SafeFd, Action, Action?)"/>, watched from the start for the readiness asked (one epoll_ctl, not two).</summary>
    public void Register(SafeFd fd, Action onReadable, Action? onWritable, bool readable, bool writable)
    {
        using var lease = fd.Borrow();
        var ev = new epoll_event { events = (readable ? LibC.EPOLLIN : 0) | (writable ? LibC.EPOLLOUT : 0) };
        ev.data.fd = lease.Value;
        if (LibC.epoll_ctl(_epoll.Value, LibC.EPOLL_CTL_ADD, lease.Value, &ev) == -1)
        {
            throw Interop.Failure($"epoll_ctl add fd {lease.Value}");
        }

        _handlers[lease.Value] = new Registration(fd, onReadable, onWritable);
    }

    /// <summary>Which readiness a registered descriptor is watched for: readable, writable, or both.</summary>
    public void Watch(SafeFd fd, bool readable, bool writable)
    {
        using var lease = fd.Borrow();
        if (!_handlers.ContainsKey(lease.Value))
        {
            throw new InvalidOperationException($"fd {lease.Value} is not registered");
        }

        var ev = new epoll_event { events = (readable ? LibC.EPOLLIN : 0) | (writable ? LibC.EPOLLOUT : 0) };
        ev.data.fd = lease.Value;
        if (LibC.epoll_ctl(_epoll.Value, LibC.EPOLL_CTL_MOD, lease.Value, &ev) == -1)
        {
            throw Interop.Failure($"epoll_ctl mod fd {lease.Value}");
        }
    }

    /// <summary>Stops watching the descriptor; call before disposing it.</summary>
    public void Unregister(SafeFd fd) => Unregister(fd, closing: false);

    /// <summary>
    /// As <see cref="Unregister(SafeFd)"/>; with <paramref name="closing"/> the caller closes the descriptor next and
    /// holds no other copy of it, so the kernel drops it from the epoll set on close and EPOLL_CTL_DEL is skipped.
    /// </summary>
    public void Unregister(SafeFd fd, bool closing)
    {
        if (fd.IsClosed)
        {
            return;
        }

        using var lease = fd.Borrow();
        if (_handlers.Remove(lease.Value) && !closing)
        {
            var ev = default(epoll_event);
            LibC.epoll_ctl(_epoll.Value, LibC.EPOLL_CTL_DEL, lease.Value, &ev);
        }
    }

    /// <summary>Runs <paramref name="action"/> on the loop thread. Safe from any thread, including signal handlers' threads.</summary>
    public void Post(Action action)
    {
        _posted.Enqueue(action);
        var one = 1UL;
        LibC.write(_wake.Value, &one, sizeof(ulong));
    }

    /// <summary>A timer owned by the loop; reschedule it rather than creating a new one per deadline.</summary>
    public LoopTimer CreateTimer(Action onExpired) => new(this, onExpired);

    public void Run()
    {
        _ownerThread = Environment.CurrentManagedThreadId;
        IsRunning = true;
        var events = stackalloc epoll_event[MaxEvents];
        try
        {
            while (!_stopping)
            {
                RunPosted();
                if (_stopping)
                {
                    break;
                }

                var count = Wait(events, NextDeadline());

                for (var i = 0; i < count && !_stopping; i++)
                {
                    var fd = events[i].data.fd;
                    var ready = events[i].events;
                    if ((ready & LibC.EPOLLOUT) != 0 && _handlers.TryGetValue(fd, out var writer) && writer.OnWritable is { } onWritable)
                    {
                        Invoke("fd write handler", onWritable);
                    }

                    // Hang-ups and errors go to the read handler, which reads the end of the stream or the error.
                    if ((ready & ~LibC.EPOLLOUT) != 0 && _handlers.TryGetValue(fd, out var reader))
                    {
                        Invoke("fd handler", reader.OnReadable);
                    }
                }

                if (!_stopping)
                {
                    RunExpiredTimers();
                }
            }
        }
        finally
        {
            IsRunning = false;
        }
    }

    /// <summary>Ends <see cref="Run"/> after the current callback. Safe from any thread.</summary>
    public void Stop()
    {
        _stopping = true;
        Post(static () => { });
    }

    private sealed record Registration(SafeFd Fd, Action OnReadable, Action? OnWritable);

    public void Dispose()
    {
        _wake.Dispose();
        _epoll.Dispose();
    }

    internal void Schedule(LoopTimer timer, TimeSpan deadline)
    {
        AssertOwner();
        timer.Sequence = ++_timerSequence;
        timer.Deadline = deadline;
        _timers.Enqueue(timer, (deadline, timer.Sequence));
    }

    internal void AssertOwner()
    {
        if (IsRunning && Environment.CurrentManagedThreadId != _ownerThread)
        {
            throw new InvalidOperationException("the event loop's state is touched from another thread: post to the loop instead");
        }
    }

    /// <summary>Runs every timer whose deadline has passed, in deadline order.</summary>
    private void RunExpiredTimers()
    {
        var now = Now;
        while (_timers.TryPeek(out var timer, out var key) && key.Item1 <= now)
        {
            _timers.Dequeue();
            if (timer.Sequence != key.Item2 || timer.Deadline is null)
            {
                continue; // rescheduled or cancelled since
            }

            timer.Deadline = null;
            Invoke("timer", timer.OnExpired);
        }
    }

    /// <summary>The earliest live deadline, dropping stale heap entries on the way; null when no timer is set.</summary>
    private TimeSpan? NextDeadline()
    {
        while (_timers.TryPeek(out var timer, out var key) && (timer.Sequence != key.Item2 || timer.Deadline is null))
        {
            _timers.Dequeue();
        }

        return _timers.TryPeek(out _, out var next) ? next.Item1 : null;
    }

    /// <summary>One epoll wait, until a descriptor is ready or <paramref name="deadline"/> (null: no timeout) passes.</summary>
    private int Wait(epoll_event* events, TimeSpan? deadline)
    {
        while (true)
        {
            var left = deadline is { } d ? d - Now : (TimeSpan?)null;
            if (left < TimeSpan.Zero)
            {
                left = TimeSpan.Zero;
            }

            int count;
            if (!_noPwait2)
            {
                var spec = default(timespec);
                if (left is { } wait)
                {
                    var nanoseconds = wait.Ticks * 100;
                    spec.tv_sec = nanoseconds / 1_000_000_000;
                    spec.tv_nsec = (long_t)(nanoseconds % 1_000_000_000);
                }

                try
                {
                    count = Interop.epoll_pwait2(_epoll.Value, events, MaxEvents, left is null ? null : &spec, IntPtr.Zero);
                }
                catch (EntryPointNotFoundException)
                {
                    // A C library older than glibc 2.35.
                    _noPwait2 = true;
                    continue;
                }

                if (count == -1 && Interop.LastErrno is Errno.ENOSYS or Errno.EPERM)
                {
                    _noPwait2 = true;
                    continue;
                }
            }
            else
            {
                // Rounded up: a timer must not be found early and leave the loop spinning for the last fraction.
                var milliseconds = left is { } wait ? (int)Math.Min(int.MaxValue, (wait.Ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond) : -1;
                count = LibC.epoll_wait(_epoll.Value, events, MaxEvents, milliseconds);
            }

            if (Interop.Interrupted(count))
            {
                continue;
            }

            return count == -1 ? throw Interop.Failure("epoll_wait") : count;
        }
    }

    private void DrainWake()
    {
        ulong value;
        LibC.read(_wake.Value, &value, sizeof(ulong));
    }

    private void RunPosted()
    {
        // Only what was queued when the turn began: an action that posts again runs in the next turn, after the
        // timers and descriptors (every Post also wakes the loop, so nothing waits longer than one turn).
        for (var n = _posted.Count; n > 0 && _posted.TryDequeue(out var action); n--)
        {
            Invoke("posted action", action);
        }
    }

    private void Invoke(string what, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            _onError(what, e);
        }
    }

    private static SafeFd Create(int fd, string operation) => fd == -1 ? throw Interop.Failure(operation) : SafeFd.Own(fd);
}

/// <summary>A deadline on an <see cref="EventLoop"/>; only the loop's thread touches it.</summary>
public sealed class LoopTimer
{
    private readonly EventLoop _loop;

    internal LoopTimer(EventLoop loop, Action onExpired)
    {
        _loop = loop;
        OnExpired = onExpired;
    }

    internal Action OnExpired { get; }

    internal long Sequence { get; set; }

    /// <summary>When it fires next, or null when not armed.</summary>
    public TimeSpan? Deadline { get; internal set; }

    /// <summary>Fires at <paramref name="deadline"/> (CLOCK_MONOTONIC), replacing any earlier deadline; null cancels.</summary>
    public void Set(TimeSpan? deadline)
    {
        if (deadline is null)
        {
            _loop.AssertOwner();
            Deadline = null;
            return;
        }

        if (deadline == Deadline)
        {
            return;
        }

        _loop.Schedule(this, deadline.Value);
    }
}
