using System.Diagnostics;
using Appliance.Linux.Netlink;
using Tmds.Linux;

namespace Appliance.Linux.Tests.Kernel;

/// <summary>
/// Waits for events of a monitor the way the event loop will: epoll on its descriptor, then drain. Events read
/// but not yet asked for are kept, in order, for the next wait.
/// </summary>
internal sealed unsafe class MonitorWatch(RouteNetlinkMonitor monitor) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly Queue<NetlinkEvent> _backlog = new();

    public RouteNetlinkMonitor Monitor => monitor;

    /// <summary>Every event taken off the backlog so far.</summary>
    public List<NetlinkEvent> Seen { get; } = [];

    /// <summary>The next event that matches; the ones before it are consumed. Fails, listing them, on timeout.</summary>
    public NetlinkEvent WaitFor(Func<NetlinkEvent, bool> match)
    {
        var epoll = LibC.epoll_create1(LibC.EPOLL_CLOEXEC);
        Assert.True(epoll >= 0);
        using var epollHandle = SafeFd.Own(epoll);
        using var fd = monitor.Handle.Borrow();
        var registration = new epoll_event { events = LibC.EPOLLIN };
        Assert.Equal(0, LibC.epoll_ctl(epoll, LibC.EPOLL_CTL_ADD, fd.Value, &registration));

        var seen = new List<NetlinkEvent>();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            while (_backlog.TryDequeue(out var next))
            {
                seen.Add(next);
                Seen.Add(next);
                if (match(next))
                {
                    return next;
                }
            }

            var remaining = Timeout - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                Assert.Fail($"no matching event within {Timeout.TotalSeconds} s; saw: {string.Join("; ", seen)}");
            }

            epoll_event ready;
            LibC.epoll_wait(epoll, &ready, 1, (int)Math.Ceiling(remaining.TotalMilliseconds));
            var events = new List<NetlinkEvent>();
            monitor.TryReadEvents(events);
            events.ForEach(_backlog.Enqueue);
        }
    }

    public void Dispose() => monitor.Dispose();
}
