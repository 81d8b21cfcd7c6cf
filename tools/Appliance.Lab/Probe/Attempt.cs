namespace Appliance.Lab.Probe;

/// <summary>One HTTP request of the client: when it started and ended (CLOCK_MONOTONIC ns) and who answered.</summary>
public readonly record struct Attempt(long Start, long End, bool Ok, string Detail)
{
    /// <summary>Parses a line of <c>appliance probe --timeline</c>: "START END ok STATUS BODY" or "START END fail REASON".</summary>
    public static bool TryParse(string line, out Attempt attempt)
    {
        attempt = default;
        var parts = line.Split(' ', 4);
        if (parts.Length < 3 || !long.TryParse(parts[0], out var start) || !long.TryParse(parts[1], out var end))
        {
            return false;
        }

        var ok = parts[2] == "ok";
        var detail = parts.Length > 3 ? parts[3] : string.Empty;
        if (ok && detail.Split(' ', 2) is [_, var body])
        {
            detail = body;
        }

        attempt = new Attempt(start, end, ok, detail);
        return true;
    }
}
