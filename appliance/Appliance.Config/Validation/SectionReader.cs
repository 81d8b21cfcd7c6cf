using System.Net;

namespace Appliance.Config;

/// <summary>
/// Converts the raw strings of one section, reporting each bad value against its key. A bad or missing value yields
/// the fallback so validation can go on and report every other problem in the same pass.
/// </summary>
internal sealed class SectionReader(Findings findings, string section)
{
    public string Section => section;

    public void Error(string? key, string? value, string message) => findings.Error(section, key, value, message);

    public void Warning(string? key, string? value, string message) => findings.Warning(section, key, value, message);

    private bool Empty(string key, string raw, string fallbackText)
    {
        if (raw.Length > 0)
        {
            return false;
        }

        Error(key, raw, $"empty value: write a value, or delete the line for the default ({fallbackText})");
        return true;
    }

    public bool Bool(string key, string? raw, bool fallback)
    {
        if (raw is null || Empty(key, raw, fallback ? "true" : "false"))
        {
            return fallback;
        }

        if (Values.TryBool(raw, out var value))
        {
            return value;
        }

        Error(key, raw, $"not a boolean: write {Values.BooleanWords}{Values.CommentHint(raw)}");
        return fallback;
    }

    /// <summary>An integer in [min, max]; <paramref name="range"/> overrides the "min-max" wording of the message.</summary>
    public int Int(string key, string? raw, int fallback, int min, int max, string? range = null)
    {
        if (raw is null || Empty(key, raw, fallback.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            return fallback;
        }

        if (!Values.TryInt(raw, out var value))
        {
            Error(key, raw, $"not a whole number{Values.CommentHint(raw)}");
            return fallback;
        }

        if (value < min || value > max)
        {
            Error(key, raw, $"out of range: {key} must be {range ?? $"{min}-{max}"}");
            return fallback;
        }

        return value;
    }

    /// <summary>A required integer: null (and an error) when missing or bad.</summary>
    public int? RequiredInt(string key, string? raw, int min, int max, string what)
    {
        if (string.IsNullOrEmpty(raw))
        {
            Error(key, raw, $"required: {what}");
            return null;
        }

        if (!Values.TryInt(raw, out var value))
        {
            Error(key, raw, $"not a whole number{Values.CommentHint(raw)}");
            return null;
        }

        if (value < min || value > max)
        {
            Error(key, raw, $"out of range: {key} must be {min}-{max}");
            return null;
        }

        return value;
    }

    public TimeSpan Duration(string key, string? raw, TimeSpan fallback, TimeSpan min, TimeSpan max) =>
        raw is null || Empty(key, raw, Durations.Format(fallback)) ? fallback : ParseDuration(key, raw, min, max) ?? fallback;

    /// <summary>Empty means "none" (null), for keys where that is documented.</summary>
    public TimeSpan? OptionalDuration(string key, string? raw, TimeSpan min, TimeSpan max) =>
        string.IsNullOrWhiteSpace(raw) ? null : ParseDuration(key, raw, min, max);

    private TimeSpan? ParseDuration(string key, string raw, TimeSpan min, TimeSpan max)
    {
        if (!Durations.TryParse(raw, out var value, out var error))
        {
            Error(key, raw, error + Values.CommentHint(raw));
            return null;
        }

        if (value < min || value > max)
        {
            Error(key, raw, $"out of range: {key} must be {Durations.Format(min)}-{Durations.Format(max)}");
            return null;
        }

        return value;
    }

    /// <summary>An absolute path; empty returns null when <paramref name="emptyAllowed"/>.</summary>
    public string? Path(string key, string? raw, string? fallback, bool emptyAllowed)
    {
        if (raw is null)
        {
            return fallback;
        }

        if (raw.Length == 0)
        {
            if (!emptyAllowed)
            {
                Error(key, raw, $"empty value: write an absolute path, or delete the line for the default ({fallback})");
            }

            return emptyAllowed ? null : fallback;
        }

        if (raw[0] != '/')
        {
            Error(key, raw, "not an absolute path: it must start with '/'");
            return fallback;
        }

        if (raw.Any(char.IsWhiteSpace))
        {
            Error(key, raw, $"a path with spaces is not accepted here{Values.CommentHint(raw)}");
            return fallback;
        }

        return raw;
    }

    /// <summary>An optional single address (empty: none).</summary>
    public IPAddress? Address(string key, string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (!Addresses.TryParse(raw, out var address, out var error))
        {
            Error(key, raw, error + Values.CommentHint(raw));
            return null;
        }

        return address;
    }

    /// <summary>A comma-separated list of CIDR addresses; entries that fail are reported and left out.</summary>
    public List<InterfaceAddress> CidrList(string key, string? raw, bool prefixRequired)
    {
        var result = new List<InterfaceAddress>();
        if (raw is null || !List(key, raw, out var items))
        {
            return result;
        }

        foreach (var item in items)
        {
            if (Addresses.TryParseCidr(item, prefixRequired, out var address, out var error))
            {
                if (result.Any(a => a.Address.Equals(address.Address)))
                {
                    Error(key, raw, $"{address.Address} is listed twice");
                    continue;
                }

                result.Add(address);
            }
            else
            {
                Error(key, raw, error + Values.CommentHint(raw));
            }
        }

        return result;
    }

    public List<IPAddress> AddressList(string key, string? raw)
    {
        var result = new List<IPAddress>();
        if (raw is null || !List(key, raw, out var items))
        {
            return result;
        }

        foreach (var item in items)
        {
            if (!Addresses.TryParse(item, out var address, out var error))
            {
                Error(key, raw, error + Values.CommentHint(raw));
            }
            else if (result.Contains(address))
            {
                Error(key, raw, $"{address} is listed twice");
            }
            else
            {
                result.Add(address);
            }
        }

        return result;
    }

    public bool List(string key, string raw, out List<string> items)
    {
        if (Values.TrySplitList(raw, out items, out var error))
        {
            return true;
        }

        Error(key, raw, error!);
        return false;
    }

    /// <summary>Free text; warns when it looks like an inline comment crept in.</summary>
    public string? Text(string key, string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (Values.CommentHint(raw).Length > 0)
        {
            Warning(key, raw, "contains ';' or '#' after a space: that is part of the value, not a comment (comments go on their own line)");
        }

        return raw;
    }
}
