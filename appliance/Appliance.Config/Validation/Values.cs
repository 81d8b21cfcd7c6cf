using System.Globalization;

namespace Appliance.Config;

/// <summary>Strict parsers for the scalar values of appliance.ini; they never throw.</summary>
internal static class Values
{
    public const string BooleanWords = "true or false (yes/no, on/off, 1/0 also work)";

    public static bool TryBool(string text, out bool value)
    {
        switch (text.ToLowerInvariant())
        {
            case "true" or "yes" or "on" or "1":
                value = true;
                return true;
            case "false" or "no" or "off" or "0":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>A decimal integer with an optional sign; no spaces, no hex, at most 9 digits.</summary>
    public static bool TryInt(string text, out int value)
    {
        value = 0;
        var digits = text.AsSpan();
        if (digits.Length > 0 && digits[0] is '+' or '-')
        {
            digits = digits[1..];
        }

        if (digits.Length is 0 or > 9 || digits.IndexOfAnyExceptInRange('0', '9') >= 0)
        {
            return false;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// The Ini provider has no inline comments: "150 ; default" is the value. When such a value fails to parse, say so.
    /// </summary>
    public static string CommentHint(string value) =>
        value.Contains(" ;", StringComparison.Ordinal) || value.Contains(" #", StringComparison.Ordinal) || value.Contains("\t;", StringComparison.Ordinal)
            ? " (a ';' or '#' after a value is part of the value: put comments on their own line)"
            : "";

    /// <summary>
    /// Splits a comma-separated list. Empty entries ("a,,b", a trailing comma) are an error: they are usually a
    /// deleted entry, and the operator should see it.
    /// </summary>
    public static bool TrySplitList(string value, out List<string> items, out string? error)
    {
        items = [];
        error = null;
        if (value.Trim().Length == 0)
        {
            return true;
        }

        foreach (var part in value.Split(','))
        {
            var item = part.Trim();
            if (item.Length == 0)
            {
                error = "empty entry in a comma-separated list (stray or trailing ',')";
                return false;
            }

            items.Add(item);
        }

        return true;
    }
}
