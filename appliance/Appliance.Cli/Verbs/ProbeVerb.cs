using System.Diagnostics;
using Appliance.Supervisor.Health;

namespace Appliance.Cli.Verbs;

/// <summary>
/// <c>appliance probe URL</c>: what a client of the VIP sees, one new TCP connection and request at a time. With
/// <c>--timeline</c> it prints one machine-readable line per request (CLOCK_MONOTONIC nanoseconds), which the lab
/// and the benchmarks read; otherwise a line per change of answer and a summary.
/// </summary>
internal static class ProbeVerb
{
    public static async Task<int> Run(string[] args)
    {
        var options = new ArgumentReader(args, new HashSet<string> { "--timeline" });
        var every = options.Duration("--every", TimeSpan.FromMilliseconds(100));
        var timeout = options.Duration("--timeout", TimeSpan.FromSeconds(1));
        var duration = options.Value("--for") is null ? (TimeSpan?)null : options.Duration("--for", TimeSpan.Zero);
        var count = options.Integer("--count", 0, 1, int.MaxValue);
        var timeline = options.Flag("--timeline");
        options.RejectUnknown();
        if (options.Positional is not [var url] || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new UsageException("one http:// URL is needed");
        }

        HttpProbe probe;
        try
        {
            probe = new HttpProbe(uri, timeout, readBody: true);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        var output = Console.Out;
        var started = Stopwatch.GetTimestamp();
        var end = duration is { } d ? started + (long)(d.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        long attempts = 0, ok = 0, longestGap = 0, lastOk = 0;
        string? lastOutcome = null;
        while (!stop.IsCancellationRequested && (count == 0 || attempts < count) && Stopwatch.GetTimestamp() < end)
        {
            var begin = Stopwatch.GetTimestamp();
            var result = await probe.ProbeAsync(stop.Token).ConfigureAwait(false);
            var finish = Stopwatch.GetTimestamp();
            attempts++;
            if (result.Healthy)
            {
                ok++;
                if (lastOk != 0)
                {
                    longestGap = Math.Max(longestGap, finish - lastOk);
                }

                lastOk = finish;
            }

            if (timeline)
            {
                output.WriteLine(result.Healthy
                    ? $"{ToNanoseconds(begin)} {ToNanoseconds(finish)} ok {result.Status} {result.Body}"
                    : $"{ToNanoseconds(begin)} {ToNanoseconds(finish)} fail {result.Failure}");
                await output.FlushAsync(stop.Token).ConfigureAwait(false);
            }
            else
            {
                var outcome = result.Healthy ? $"{result.Status} {result.Body}" : $"failed: {result.Failure}";
                if (outcome != lastOutcome)
                {
                    output.WriteLine($"{Stopwatch.GetElapsedTime(started, finish).TotalSeconds,9:0.000}s  {outcome}");
                    lastOutcome = outcome;
                }
            }

            var next = begin + (long)(every.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        if (!timeline)
        {
            output.WriteLine($"{attempts} requests, {ok} answered, {attempts - ok} failed, longest gap between answers {TimeSpan.FromTicks(longestGap / 100).TotalMilliseconds:0.0} ms");
        }

        return ok > 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static long ToNanoseconds(long timestamp) => timestamp * (1_000_000_000 / Stopwatch.Frequency);
}
