using Appliance.Supervisor.Metrics;

namespace Appliance.Fuzz;

/// <summary>
/// The head of an HTTP request to the metrics endpoint through <see cref="ScrapeRequest.Parse"/>, and the answer
/// built for what it parsed. Bad requests are <see cref="ScrapeRequest.Outcome.Bad"/> with a reason; nothing throws.
/// </summary>
internal static class ScrapeTarget
{
    public static void Run(ReadOnlySpan<byte> head)
    {
        switch (ScrapeRequest.Parse(head, out var method, out var target, out var problem))
        {
            case ScrapeRequest.Outcome.Request:
                FuzzFinding.Require(ScrapeRequest.Answer(method, target, () => "up 1\n").Length > 0, "a request gets an answer");
                break;
            case ScrapeRequest.Outcome.Bad:
                FuzzFinding.Require(problem is not null && ScrapeRequest.BadRequest(problem).Length > 0, "a bad request says why");
                break;
            case ScrapeRequest.Outcome.Incomplete:
                FuzzFinding.Require(head.Length < ScrapeRequest.MaxHeadBytes, "an incomplete head stays within the bound");
                break;
        }
    }
}
