using Appliance.Linux.Events;

namespace Appliance.Linux.Tests.Edge;

/// <summary>The loop that owns the supervisor's state: timers in order and on time, posts from other threads.</summary>
public sealed partial class EventLoopTests : IDisposable
{
    private readonly List<Exception> _errors = [];
    private readonly EventLoop _loop;
    private readonly Thread _thread;

    public EventLoopTests()
    {
        _loop = new EventLoop((what, e) => { lock (_errors) { _errors.Add(e); } });
        _thread = new Thread(_loop.Run) { IsBackground = true };
        _thread.Start();
    }

    [Fact]
    public void Timers_fire_in_deadline_order_not_creation_order()
    {
        var fired = new List<int>();
        var done = new ManualResetEventSlim();
        _loop.Post(() =>
        {
            var now = EventLoop.Now;
            foreach (var (ms, id) in new[] { (60, 3), (20, 1), (40, 2) })
            {
                _loop.CreateTimer(() =>
                {
                    fired.Add(id);
                    if (fired.Count == 3)
                    {
                        done.Set();
                    }
                }).Set(now + TimeSpan.FromMilliseconds(ms));
            }
        });

        Assert.True(done.Wait(TimeSpan.FromSeconds(5)));
        Assert.Equal([1, 2, 3], fired);
    }

    [Fact]
    public void A_rescheduled_timer_fires_once_at_its_new_deadline_and_a_cancelled_one_never()
    {
        var fired = new List<TimeSpan>();
        var cancelledFired = false;
        _loop.Post(() =>
        {
            var now = EventLoop.Now;
            var moved = _loop.CreateTimer(() => fired.Add(EventLoop.Now - now));
            moved.Set(now + TimeSpan.FromMilliseconds(20));
            moved.Set(now + TimeSpan.FromMilliseconds(80));
            var cancelled = _loop.CreateTimer(() => cancelledFired = true);
            cancelled.Set(now + TimeSpan.FromMilliseconds(30));
            cancelled.Set(null);
        });

        Thread.Sleep(400);

        var at = Assert.Single(fired);
        Assert.InRange(at.TotalMilliseconds, 79, 200);
        Assert.False(cancelledFired);
    }

    [Fact]
    public void A_10ms_periodic_timer_keeps_its_cadence_without_burning_a_core()
    {
        var ticks = new List<TimeSpan>();
        var done = new ManualResetEventSlim();
        var tid = 0;
        var cpuBefore = TimeSpan.Zero;
        _loop.Post(() =>
        {
            tid = gettid();
            cpuBefore = ThreadCpu(tid);
            var start = EventLoop.Now;
            LoopTimer? timer = null;
            timer = _loop.CreateTimer(() =>
            {
                ticks.Add(EventLoop.Now);
                if (ticks.Count == 100)
                {
                    done.Set();
                    return;
                }

                // Deadlines from the schedule, not from "now": late ticks do not push the rest back.
                timer!.Set(start + TimeSpan.FromMilliseconds(10 * (ticks.Count + 1)));
            });
            timer.Set(start + TimeSpan.FromMilliseconds(10));
        });

        Assert.True(done.Wait(TimeSpan.FromSeconds(10)));
        var span = ticks[^1] - ticks[9];
        var cpu = ThreadCpu(tid) - cpuBefore;

        // 90 intervals of 10 ms after warm-up: the schedule holds even on a loaded machine.
        Assert.InRange(span.TotalMilliseconds, 895, 960);
        Assert.True(cpu < TimeSpan.FromMilliseconds(100), $"{cpu.TotalMilliseconds} ms of the loop thread's CPU for one second of 10 ms ticks");
    }

    /// <summary>utime + stime of one thread (fields 14 and 15 of /proc/self/task/TID/stat, in clock ticks of 10 ms).</summary>
    private static TimeSpan ThreadCpu(int tid)
    {
        var stat = File.ReadAllText($"/proc/self/task/{tid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return TimeSpan.FromMilliseconds(10 * (long.Parse(fields[11]) + long.Parse(fields[12])));
    }

    [System.Runtime.InteropServices.LibraryImport("libc")]
    private static partial int gettid();

    [Fact]
    public void Posts_from_many_threads_all_run_on_the_loop_thread()
    {
        var loopThreads = new HashSet<int>();
        var count = 0;
        var done = new CountdownEvent(400);
        Parallel.For(0, 400, _ => _loop.Post(() =>
        {
            loopThreads.Add(Environment.CurrentManagedThreadId);
            count++;
            done.Signal();
        }));

        Assert.True(done.Wait(TimeSpan.FromSeconds(5)));
        Assert.Equal(400, count);
        Assert.Equal([_thread.ManagedThreadId], loopThreads);
    }

    [Fact]
    public void A_throwing_callback_is_reported_and_the_loop_goes_on()
    {
        var after = new ManualResetEventSlim();
        _loop.Post(() => throw new InvalidOperationException("boom"));
        _loop.Post(after.Set);

        Assert.True(after.Wait(TimeSpan.FromSeconds(5)));
        lock (_errors)
        {
            Assert.Equal("boom", Assert.Single(_errors).Message);
            _errors.Clear();
        }
    }

    public void Dispose()
    {
        _loop.Stop();
        Assert.True(_thread.Join(TimeSpan.FromSeconds(5)));
        _loop.Dispose();
        lock (_errors)
        {
            Assert.Empty(_errors);
        }
    }
}
