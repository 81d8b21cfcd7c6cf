using System.Globalization;

namespace Appliance.Config;

/// <summary>
/// Durations as appliance.ini writes them: a number with "ms" or "s" ("100ms", "1s", "1.5s", "40.95s"); a bare 0 is
/// zero. Whole milliseconds only.
/// </summary>
public static class Durations
{
    public const string Syntax = "durations take ms or s: 1s, 100ms";
    private const long MaxMilliseconds = 100_000_000; // ~27 h: far above every range, far below overflow

    public static bool TryParse(string text, out TimeSpan value, out string? error)
    {
        value = TimeSpan.Zero;
        error = null;
        var s = text.Trim();
        if (s == "0")
        {
            return true;
        }

        var unitStart = 0;
        while (unitStart < s.Length && (char.IsAsciiDigit(s[unitStart]) || s[unitStart] == '.'))
        {
            unitStart++;
        }

        var number = s[..unitStart];
        var unit = s[unitStart..].TrimStart().ToLowerInvariant();
        if (number.Length == 0 || number.Count(c => c == '.') > 1 || number[0] == '.' || number[^1] == '.')
        {
            error = $"not a duration: {Syntax}";
            return false;
        }

        var scale = unit switch
        {
            "ms" => 1m,
            "s" => 1000m,
            _ => 0m,
        };
        if (scale == 0)
        {
            error = unit switch
            {
                "" => $"missing unit: {Syntax} (a bare number is ambiguous)",
                "m" or "min" or "mins" or "minute" or "minutes" => $"minutes are not accepted: {Syntax} (5 minutes = 300s)",
                "h" or "hour" or "hours" => $"hours are not accepted: {Syntax} (1 hour = 3600s)",
                "sec" or "secs" or "second" or "seconds" => $"write '{number}s': {Syntax}",
                "msec" or "msecs" or "millisecond" or "milliseconds" => $"write '{number}ms': {Syntax}",
                "us" or "µs" or "ns" => $"too fine: {Syntax}",
                _ when unit.StartsWith(',') => $"write decimals with '.', e.g. 1.5s: {Syntax}",
                _ => $"not a duration: {Syntax}",
            };
            return false;
        }

        if (number.Length > 12)
        {
            error = "duration too long";
            return false;
        }

        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            error = $"not a duration: {Syntax}";
            return false;
        }

        var milliseconds = amount * scale;
        if (milliseconds != decimal.Truncate(milliseconds))
        {
            error = "durations are counted in whole milliseconds";
            return false;
        }

        if (milliseconds > MaxMilliseconds)
        {
            error = "duration too long";
            return false;
        }

        value = TimeSpan.FromMilliseconds((long)milliseconds);
        return true;
    }

    /// <summary>The shortest way to write <paramref name="value"/> back: "100ms", "1s", "40.95s".</summary>
    public static string Format(TimeSpan value)
    {
        var ms = (long)value.TotalMilliseconds;
        if (ms == 0)
        {
            return "0s";
        }

        return ms % 1000 == 0 || ms >= 10_000 && ms % 10 == 0
            ? (ms / 1000m).ToString("0.###", CultureInfo.InvariantCulture) + "s"
            : ms.ToString(CultureInfo.InvariantCulture) + "ms";
    }
}
