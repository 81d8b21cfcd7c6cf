using Appliance.Config;
using Appliance.ConsoleUi.Editing;
using Appliance.Control;

namespace Appliance.ConsoleUi.Session;

/// <summary>Tab completion for the command line: commands, then what each takes, with names and keys from the box's configuration and <see cref="ConfigSchema"/>.</summary>
internal sealed class CliCompleter(Func<ConfigView?> config, Func<StatusReport?> status) : ICompleter
{
    public Completion Complete(string beforeCursor)
    {
        var words = beforeCursor.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var index = beforeCursor.Length == 0 || beforeCursor.EndsWith(' ') ? words.Length : words.Length - 1;
        var start = beforeCursor.LastIndexOf(' ') + 1;
        if (index == 0)
        {
            return new Completion(start, ConsoleSession.CommandNames);
        }

        var command = CliWords.Resolve(words[0], ConsoleSession.CommandNames, "command", out _);
        return new Completion(start, Candidates(command, words, index).ToList());
    }

    private IEnumerable<string> Candidates(string? command, string[] words, int index) => (command, index) switch
    {
        ("show", 1) => ["status", "config", "diff", "log"],
        ("show", 2) when words[1].StartsWith("c", StringComparison.OrdinalIgnoreCase) => ["running", "staged"],
        ("commit", 1) => ["now", "confirmed"],
        ("nginx", 1) => ["reload", "restart"],
        ("terminal", 1) => ["plain", "full"],
        ("password", 1) => ["clear"],
        ("failover", 1) => status()?.Vrrp.Select(v => v.Name) ?? [],
        ("drain" or "undrain", 1) => status()?.Anycast.Select(a => a.Name) ?? [],
        ("help", 1) => ConsoleSession.CommandNames.Concat(ConfigSchema.Keys.Select(k => k.Name)).Distinct(StringComparer.Ordinal),
        ("set" or "delete", _) => Setting(words, index, wantValue: command == "set"),
        _ => [],
    };

    private IEnumerable<string> Setting(string[] words, int index, bool wantValue)
    {
        var view = config();
        var relative = index - 1;
        if (relative == 0)
        {
            return CliWords.Sections;
        }

        var section = CliWords.Resolve(words[1], CliWords.Sections, "section", out _);
        switch (section, relative)
        {
            case ("interface", 1):
                return view?.Interfaces ?? [];
            case ("interface", 2):
                return Keys(SectionKind.Interface);
            case ("interface", 3) when wantValue:
                return Values(SectionKind.Interface, words[3]);
            case ("vrrp", 1):
                return view?.Instances ?? [];
            case ("vrrp", 2):
                return Keys(SectionKind.Vrrp).Append("track");
            case ("vrrp", 3) when string.Equals(words[3], "track", StringComparison.OrdinalIgnoreCase):
                return new[] { "nginx" }.Concat(view?.Interfaces ?? []);
            case ("vrrp", 3) when wantValue:
                return Values(SectionKind.Vrrp, words[3]);
            case ("vrrp", 4) when wantValue && string.Equals(words[3], "track", StringComparison.OrdinalIgnoreCase):
                return ["fault"];
            case ("system" or "nginx" or "hooks" or "log", 1):
                return Keys(KindOf(section!));
            case ("system" or "nginx" or "hooks" or "log", 2) when wantValue:
                return Values(KindOf(section!), words[2]);
            default:
                return [];
        }
    }

    private static SectionKind KindOf(string word) => word switch
    {
        "system" => SectionKind.System,
        "nginx" => SectionKind.Nginx,
        "hooks" => SectionKind.Hooks,
        _ => SectionKind.Log,
    };

    private static IEnumerable<string> Keys(SectionKind kind) => ConfigSchema.KeysOf(kind).Select(k => k.Name);

    private static IEnumerable<string> Values(SectionKind kind, string key)
    {
        var info = ConfigSchema.Find(kind, key);
        if (info is null)
        {
            return [];
        }

        if (info.Range.StartsWith("boolean", StringComparison.Ordinal))
        {
            return ["true", "false"];
        }

        return info.Name switch
        {
            "version" => ["3", "2"],
            "recovery" => ["restart-first", "resign"],
            "level" => ["verbose", "debug", "information", "warning", "error", "fatal"],
            _ => [],
        };
    }
}
