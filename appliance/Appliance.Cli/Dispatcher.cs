using System.Reflection;
using Appliance.Cli.Verbs;

namespace Appliance.Cli;

/// <summary>
/// A hand-written dispatcher: longest verb name that prefixes the arguments wins. It stays trim- and AOT-clean
/// and costs nothing at start-up, which matters for a binary that is also PID 1.
/// </summary>
internal static class Dispatcher
{
    private static IReadOnlyList<Verb> All => VerbTable.All;

    public static string Version =>
        typeof(Dispatcher).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static async Task<int> Dispatch(string[] args)
    {
        if (args.Length == 0 || args is ["-h" or "--help"])
        {
            HelpText.Overview(Console.Out, Version, All);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Ok;
        }

        if (args[0] == "help")
        {
            return Help(args[1..]);
        }

        if (args[0] is "--version" or "version")
        {
            Console.Out.WriteLine($"appliance {Version}");
            return ExitCodes.Ok;
        }

        var verb = All
            .Where(v => Matches(v, args))
            .MaxBy(v => v.Name.Length);
        if (verb is null)
        {
            if (Group(args[0]) is { Count: > 0 } group)
            {
                // `appliance config` alone, or `appliance nginx frobnicate`: the verbs that word starts.
                if (args.Length > 1 && args[1] is not ("-h" or "--help"))
                {
                    Console.Error.WriteLine($"appliance: unknown command '{string.Join(' ', args)}'");
                }

                HelpText.ForGroup(args.Length > 1 && args[1] is not ("-h" or "--help") ? Console.Error : Console.Out, args[0], group);
                return args is [_, "-h" or "--help"] ? ExitCodes.Ok : ExitCodes.Usage;
            }

            Console.Error.WriteLine($"appliance: unknown command '{string.Join(' ', args)}'");
            HelpText.Overview(Console.Error, Version, All);
            return ExitCodes.Usage;
        }

        var rest = args[verb.Name.Split(' ').Length..];
        if (rest is ["-h" or "--help"])
        {
            HelpText.ForVerb(Console.Out, verb);
            return ExitCodes.Ok;
        }

        try
        {
            return await verb.Run(rest).ConfigureAwait(false);
        }
        catch (CommandFailedException e)
        {
            Console.Error.WriteLine($"appliance {verb.Name}: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"appliance {verb.Name}: {e.Message}");
            Console.Error.WriteLine($"usage: appliance {verb.Name} {verb.Arguments}");
            return ExitCodes.Usage;
        }
    }

    private static bool Matches(Verb verb, string[] args)
    {
        var words = verb.Name.Split(' ');
        return args.Length >= words.Length && words.Select((w, i) => w == args[i]).All(x => x);
    }

    /// <summary><c>appliance help [COMMAND]</c>: the overview, one verb's help, or the verbs under a word.</summary>
    private static int Help(string[] words)
    {
        if (words.Length == 0)
        {
            HelpText.Overview(Console.Out, Version, All);
            return ExitCodes.Ok;
        }

        if (words is [ManPage.Flag])
        {
            ManPage.Write(Console.Out, Version, All);
            return ExitCodes.Ok;
        }

        if (All.Where(v => Matches(v, words) && v.Name.Split(' ').Length == words.Length).FirstOrDefault() is { } verb)
        {
            HelpText.ForVerb(Console.Out, verb);
            return ExitCodes.Ok;
        }

        if (words.Length == 1 && Group(words[0]) is { Count: > 0 } group)
        {
            HelpText.ForGroup(Console.Out, words[0], group);
            return ExitCodes.Ok;
        }

        Console.Error.WriteLine($"appliance help: no command '{string.Join(' ', words)}'");
        HelpText.Overview(Console.Error, Version, All);
        return ExitCodes.Usage;
    }

    /// <summary>The verbs of two words or more whose first word is <paramref name="word"/>.</summary>
    private static List<Verb> Group(string word) =>
        All.Where(v => v.Name.StartsWith(word + " ", StringComparison.Ordinal)).ToList();
}
