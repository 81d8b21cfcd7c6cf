using System.Reflection;
using Appliance.Cli.Verbs;

namespace Appliance.Cli;

/// <summary>
/// A hand-written dispatcher: longest verb name that prefixes the arguments wins. It stays trim- and AOT-clean
/// and costs nothing at start-up, which matters for a binary that is also PID 1.
/// </summary>
internal static class Dispatcher
{
    private static readonly Verb[] All =
    [
        new("run", "[--config PATH]", "run the supervisor and VRRP node (PID 1 or a service)", RunVerb.Run),
        new("status", "[--json] [--config PATH | --socket PATH]", "show the state of the box: VRRP instances, services", StatusVerb.Run),
        new("failover", "NAME [--hold 300s] [--config PATH | --socket PATH]", "hand an instance to the other box without a dropped request", FailoverVerb.Run),
        new("nginx restart", "[--config PATH | --socket PATH]", "stop nginx gracefully and start it again", NginxVerbs.Restart),
        new("nginx reload", "[--config PATH | --socket PATH]", "nginx -t, then reload; a broken configuration is refused", NginxVerbs.Reload),
        new("nginx reopen", "[--config PATH | --socket PATH]", "nginx reopens its log files", NginxVerbs.Reopen),
        new("config check", "FILE", "validate a configuration file: every problem with line, section, key and reason", ConfigVerbs.Check),
        new("config get", "[--staged] [--config PATH | --socket PATH]", "print the running (or staged) configuration", ConfigVerbs.Get),
        new("config set", "KEY=VALUE... [--confirm SECONDS] [--stage-only] [--config PATH | --socket PATH]", "stage, validate and commit changes (vrrp:web:priority=200)", ConfigVerbs.Set),
        new("config load", "FILE [--confirm SECONDS] [--stage-only] [--config PATH | --socket PATH]", "stage, validate and commit a whole file (leaves safe mode)", ConfigVerbs.Load),
        new("config confirm", "[--config PATH | --socket PATH]", "keep a change made with --confirm", ConfigVerbs.Confirm),
        new("config rollback", "[--config PATH | --socket PATH]", "undo an unconfirmed change now, or drop staged changes", ConfigVerbs.Rollback),
        new("import-keepalived", "FILE [--output PATH]", "turn keepalived.conf vrrp_instance blocks into appliance.ini", ConfigVerbs.ImportKeepalived),
        new("console", "[--tty DEVICE] [--socket PATH | --config PATH] [--plain] [--size COLSxROWS]", "the menu and command line for a serial terminal", ConsoleVerb.Run),
        new("passwd", "[--clear] [--socket PATH | --config PATH]", "set the console password (asked twice, never echoed) or remove it", PasswdVerb.Run),
        new("upgrade", "BUNDLE [--check] [--allow-downgrade] [--no-reboot]", "verify a signed bundle, install it into the other slot, reboot into it once; kept when healthy (--check: verify only)", UpgradeVerb.Run),
        new("watchdog test", "[--socket PATH]", "watchdog self-test: the supervisor's loop stops and the watchdog must reset the box", WatchdogVerb.Test),
        new("probe", "URL [--every 100ms] [--timeout 1s] [--count N | --for 30s] [--timeline]", "request URL over new connections and show who answers", ProbeVerb.Run),
        new("vrrp decode", "HEX|-", "decode a captured VRRP packet (IPv4/IPv6 header included) and check it", VrrpDecodeVerb.Run),
    ];

    public static string Version =>
        typeof(Dispatcher).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static async Task<int> Dispatch(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            PrintHelp(Console.Out);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Ok;
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
            Console.Error.WriteLine($"appliance: unknown command '{string.Join(' ', args)}'");
            PrintHelp(Console.Error);
            return ExitCodes.Usage;
        }

        var rest = args[verb.Name.Split(' ').Length..];
        if (rest is ["-h" or "--help"])
        {
            Console.Out.WriteLine($"usage: appliance {verb.Name} {verb.Arguments}\n  {verb.Summary}");
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

    private static void PrintHelp(TextWriter output)
    {
        output.WriteLine($"appliance {Version}: VRRP node and supervisor of a web appliance pair");
        output.WriteLine();
        output.WriteLine("usage: appliance COMMAND [ARGS]");
        output.WriteLine();
        var width = All.Max(v => v.Name.Length + v.Arguments.Length) + 3;
        foreach (var verb in All)
        {
            output.WriteLine($"  {(verb.Name + " " + verb.Arguments).PadRight(width)}{verb.Summary}");
        }

        output.WriteLine($"  {"--version".PadRight(width)}print the version");
    }
}
