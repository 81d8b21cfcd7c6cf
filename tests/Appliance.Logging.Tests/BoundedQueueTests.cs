using System.Diagnostics;
using Appliance.Logging.Sinks;

namespace Appliance.Logging.Tests;

public sealed class BoundedQueueTests
{
    [Fact]
    public void A_full_queue_refuses_the_newest_item_and_keeps_the_oldest()
    {
        var queue = new BoundedQueue<string>(3);
        Assert.True(queue.TryEnqueue("a"));
        Assert.True(queue.TryEnqueue("b"));
        Assert.True(queue.TryEnqueue("c"));
        Assert.False(queue.TryEnqueue("d"));
        Assert.Equal("a", queue.TryDequeue(TimeSpan.Zero));
        Assert.True(queue.TryEnqueue("e"));
        Assert.Equal(["b", "c", "e"], [queue.TryDequeue(TimeSpan.Zero)!, queue.TryDequeue(TimeSpan.Zero)!, queue.TryDequeue(TimeSpan.Zero)!]);
        Assert.Null(queue.TryDequeue(TimeSpan.Zero));
    }

    [Fact]
    public void Completion_refuses_new_items_but_lets_the_consumer_drain()
    {
        var queue = new BoundedQueue<string>(4);
        queue.TryEnqueue("a");
        queue.Complete();
        Assert.False(queue.TryEnqueue("b"));
        Assert.Equal("a", queue.TryDequeue(Timeout.InfiniteTimeSpan));
        // Completed and empty: returns at once instead of waiting forever.
        Assert.Null(queue.TryDequeue(Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public async Task A_waiting_consumer_wakes_for_an_item()
    {
        var queue = new BoundedQueue<string>(4);
        var clock = Stopwatch.StartNew();
        var consumer = Task.Run(() => queue.TryDequeue(TimeSpan.FromSeconds(10)));
        await Task.Delay(100);
        queue.TryEnqueue("a");
        Assert.Equal("a", await consumer);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Waiting_for_completion_is_not_cut_short_by_producers()
    {
        var queue = new BoundedQueue<string>(100);
        var waited = Stopwatch.StartNew();
        var waiter = Task.Run(() => queue.WaitForCompletion(TimeSpan.FromMilliseconds(400)));
        for (int i = 0; i < 20; i++)
        {
            queue.TryEnqueue("x");
            Thread.Sleep(10);
        }
        Assert.False(await waiter);
        Assert.True(waited.Elapsed >= TimeSpan.FromMilliseconds(390), $"woke after {waited.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Concurrent_producers_lose_nothing_that_was_accepted()
    {
        var queue = new BoundedQueue<object>(1000);
        long accepted = 0;
        Parallel.For(0, 8, _ =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                if (queue.TryEnqueue(new object()))
                {
                    Interlocked.Increment(ref accepted);
                }
            }
        });
        Assert.Equal(1000, accepted);
        Assert.Equal(1000, queue.Count);
    }
}
