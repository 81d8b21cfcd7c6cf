using Appliance.Config;

namespace Appliance.Cli.Verbs;

/// <summary>Options of a verb: <c>--name value</c> pairs, <c>--flag</c>, and positional words, checked strictly.</summary>
internal sealed class ArgumentReader
{
    private readonly List<string> _positional = [];
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public ArgumentReader(string[] args, IReadOnlySet<string> flags)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                var eq = arg.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    _options[arg[..eq]] = arg[(eq + 1)..];
                }
                else if (flags.Contains(arg))
                {
                    _options[arg] = null;
                }
                else if (i + 1 < args.Length)
                {
                    _options[arg] = args[++i];
                }
                else
                {
                    throw new UsageException($"{arg} needs a value");
                }
            }
            else
            {
                _positional.Add(arg);
            }
        }
    }

    public IReadOnlyList<string> Positional => _positional;

    public bool Flag(string name)
    {
        _used.Add(name);
        return _options.ContainsKey(name);
    }

    public string? Value(string name)
    {
        _used.Add(name);
        return _options.GetValueOrDefault(name);
    }

    public TimeSpan Duration(string name, TimeSpan fallback)
    {
        var text = Value(name);
        if (text is null)
        {
            return fallback;
        }

        return Durations.TryParse(text, out var value, out var error) ? value : throw new UsageException($"{name} {text}: {error}");
    }

    public int Integer(string name, int fallback, int min, int max)
    {
        var text = Value(name);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"{name} {text}: a whole number from {min} to {max} is needed");
    }

    /// <summary>Refuses options nobody asked for: a typo must not be silently ignored.</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Where(k => !_used.Contains(k)).ToArray();
        if (unknown.Length > 0)
        {
            throw new UsageException($"unknown option {string.Join(", ", unknown)}");
        }
    }
}
