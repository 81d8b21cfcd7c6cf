namespace Appliance.Config;

/// <summary>A program and its arguments, run without a shell (exec checks, notify scripts): an absolute path, then words.</summary>
internal static class ProgramLine
{
    private const int MaxArguments = 64;

    /// <summary>Characters a shell would interpret: without one they would reach the program literally.</summary>
    private static readonly char[] ShellCharacters = ['|', '&', ';', '<', '>', '$', '`', '\'', '"', '(', ')', '*', '?', '\\'];

    public static List<string>? Parse(SectionReader r, string key, string raw)
    {
        // A line of appliance.ini cannot hold these, but the importer hands over keepalived.conf's text: a program
        // with a control character would write an appliance.ini that does not load (found by tools/fuzz.sh).
        if (IniLexer.ValueProblem(raw) is { } problem)
        {
            r.Error(key, raw, problem);
            return null;
        }

        if (raw.IndexOfAny(ShellCharacters) is var at and >= 0)
        {
            r.Error(key, raw, $"'{raw[at]}' would need a shell: the program runs without one (arguments are separated by spaces, no quotes, pipes, redirections or variables); put the logic in a script and name the script");
            return null;
        }

        var words = raw.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList();
        if (!words[0].StartsWith('/'))
        {
            r.Error(key, raw, $"'{words[0]}' is not an absolute path: programs run from / without a search path, e.g. /usr/local/bin/check-backend");
            return null;
        }

        if (words.Count > MaxArguments)
        {
            r.Error(key, raw, $"more than {MaxArguments} arguments: put them in a script");
            return null;
        }

        return words;
    }
}
