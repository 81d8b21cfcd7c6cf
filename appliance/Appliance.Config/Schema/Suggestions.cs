namespace Appliance.Config;

/// <summary>"Did you mean": the nearest known name by edit distance, if it is near enough to be the intended one.</summary>
internal static class Suggestions
{
    public static string? Nearest(string input, IEnumerable<string> candidates)
    {
        candidates = candidates.ToList();
        // "restart" for "restart-first": a clear abbreviation, however far by edit distance.
        var extended = candidates.Where(c => input.Length >= 3 && c.StartsWith(input, StringComparison.OrdinalIgnoreCase)).ToList();
        if (extended.Count == 1)
        {
            return extended[0];
        }

        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(input, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best is not null && bestDistance <= Tolerance(input, best) ? best : null;
    }

    /// <summary>
    /// Like <see cref="Nearest"/>, but never offers a name that differs only in digits: eth1 is not a typo of eth0,
    /// it is another interface.
    /// </summary>
    public static string? NearestInterface(string input, IEnumerable<string> candidates) =>
        Nearest(input, candidates.Where(c => !SameButDigits(input, c)));

    private static bool SameButDigits(string a, string b) =>
        string.Equals(new string(a.Where(c => !char.IsAsciiDigit(c)).ToArray()), new string(b.Where(c => !char.IsAsciiDigit(c)).ToArray()), StringComparison.OrdinalIgnoreCase)
        && !string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>Short names tolerate one slip, longer ones two, and the longest a third.</summary>
    private static int Tolerance(string input, string candidate) => Math.Max(input.Length, candidate.Length) switch
    {
        <= 4 => 1,
        <= 12 => 2,
        _ => 3,
    };

    /// <summary>Optimal string alignment distance (Levenshtein plus adjacent transposition), case-insensitive.</summary>
    public static int Distance(string a, string b)
    {
        if (a.Length > 256 || b.Length > 256)
        {
            return int.MaxValue;
        }

        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1
                    && char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 2])
                    && char.ToLowerInvariant(a[i - 2]) == char.ToLowerInvariant(b[j - 1]))
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
