using System.Globalization;
using Appliance.Config;
using Appliance.ConsoleUi.Screen;
using Appliance.Control;

namespace Appliance.ConsoleUi.Session;

/// <summary>The command line: the same abilities as the menu, for those who prefer typing.</summary>
internal sealed partial class ConsoleSession
{
    internal static readonly string[] CommandNames =
    [
        "show", "set", "delete", "commit", "confirm", "rollback", "failover", "drain", "undrain", "nginx", "ping", "reach", "password",
        "factory-reset", "reboot", "poweroff", "shell", "menu", "cli", "help", "terminal", "exit", "logout", "quit",
    ];

    private static readonly string[] HelpLines =
    [
        "Commands (a unique beginning is enough: sh st = show status; Tab completes):",
        "  show status | config [staged] | diff | log [LINES]",
        "  set SECTION [NAME] KEY VALUE   e.g. set vrrp web priority 200",
        "                                 set system hostname edge-b, set interface eth0 address 192.0.2.12/24",
        "                                 set vrrp web track nginx fault   (or set vrrp:web:priority 200)",
        "  delete SECTION [NAME] KEY      remove a key (back to its default)",
        "  commit [now | confirmed [SECONDS]]   apply what is staged; address and VRRP changes",
        "                                 default to confirmed 120: confirm keeps them",
        "  confirm | rollback             keep an unconfirmed commit, or undo it (or drop staged changes)",
        "  failover [INSTANCE [SECONDS]]  hand an instance to the other box and hold back",
        "  drain | undrain GROUP          withdraw an anycast group or announce it again",
        "  nginx reload | restart",
        "  ping ADDRESS | reach ADDRESS   ICMP echo, or HTTP requests to http://ADDRESS/",
        "  password [clear]               set or remove the console password",
        "  factory-reset | reboot | poweroff | shell",
        "  help KEY                       what a setting means, e.g. help priority",
        "  terminal plain | full          line output for a terminal that shows garbage",
        "  menu | exit",
    ];

    private static bool IsCommand(string text)
    {
        var words = CliWords.Split(text);
        return words.Count > 0 && (words[0].Text == "?" || CliWords.Resolve(words[0].Text, CommandNames, "command", out _) is not null);
    }

    private void RunCommand(string line)
    {
        var words = CliWords.Split(line);
        if (words.Count == 0)
        {
            return;
        }

        if (words[0].Text == "?")
        {
            Help(null);
            return;
        }

        var command = CliWords.Resolve(words[0].Text, CommandNames, "command", out var problem);
        string? Word(int i) => i < words.Count ? words[i].Text : null;
        switch (command)
        {
            case null:
                Print(problem!);
                return;
            case "show":
                ShowCommand(words);
                return;
            case "set" or "delete":
                if (!CliWords.TryTarget(line, words, 1, command == "set", out var path, out var value, out problem))
                {
                    Print(problem!);
                    return;
                }

                SetCommand(new ConfigEdit(path, value));
                return;
            case "commit":
                CommitCommand(words);
                return;
            case "failover":
                if (Word(2) is { } hold && !(int.TryParse(hold, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= 86400))
                {
                    Print("failover INSTANCE SECONDS: the hold is a whole number of seconds, 0-86400");
                    return;
                }

                Failover(Word(1), Word(2) is { } h ? int.Parse(h, CultureInfo.InvariantCulture) : null);
                return;
            case "drain" or "undrain":
                Drain(Word(1), command == "drain");
                return;
            case "nginx":
                var action = Word(1) is { } a ? CliWords.Resolve(a, ["reload", "restart"], "nginx action", out problem) : null;
                if (Word(1) is not null && action is null)
                {
                    Print(problem!);
                    return;
                }

                Nginx(action);
                return;
            case "ping":
                Reach(Word(1), ping: true, http: false);
                return;
            case "reach":
                Reach(Word(1), ping: false, http: true);
                return;
            case "password":
                if (Word(1) is { } sub)
                {
                    if (CliWords.Resolve(sub, ["clear"], "password action", out problem) is null)
                    {
                        Print(problem!);
                        return;
                    }

                    RemovePassword();
                    return;
                }

                ChangePassword();
                return;
            case "help":
                Help(words.Count > 1 ? line[words[1].Start..].Trim() : null);
                return;
            case "terminal":
                TerminalCommand(Word(1));
                return;
        }

        if (words.Count > 1)
        {
            Print($"{command} takes no arguments");
            return;
        }

        switch (command)
        {
            case "confirm":
                Confirm();
                break;
            case "rollback":
                Rollback();
                break;
            case "factory-reset":
                FactoryReset();
                break;
            case "reboot" or "poweroff":
                Power(command);
                break;
            case "shell":
                StartShell();
                break;
            case "menu":
                _commandLineMode = false;
                ShowMenu();
                break;
            case "cli":
                EnterCommandLine();
                break;
            default:
                Logout();
                break;
        }
    }

    private void ShowCommand(List<Word> words)
    {
        string? problem = null;
        var what = words.Count > 1 ? CliWords.Resolve(words[1].Text, ["status", "config", "diff", "log", "staged"], "thing to show", out problem) : "status";
        if (what is null)
        {
            Print(problem!);
            return;
        }

        switch (what)
        {
            case "status":
                ShowStatus();
                return;
            case "diff" or "staged":
                FetchConfig(PrintDiff);
                return;
            case "log":
                var lines = PageSize;
                if (words.Count > 2 && !(int.TryParse(words[2].Text, NumberStyles.None, CultureInfo.InvariantCulture, out lines) && lines is >= 1 and <= 500))
                {
                    Print("show log LINES: a number of lines, 1-500");
                    return;
                }

                ShowLog(lines);
                return;
        }

        var staged = false;
        if (words.Count > 2)
        {
            var which = CliWords.Resolve(words[2].Text, ["running", "staged"], "configuration", out var problem2);
            if (which is null)
            {
                Print(problem2!);
                return;
            }

            staged = which == "staged";
        }

        FetchConfig(() =>
        {
            if (staged && _config?.Staged is null)
            {
                Print("Nothing is staged: the running configuration is all there is.");
                return;
            }

            Show(Printable.Lines(staged ? _config!.Staged : _config?.Running).Select(HideSecret));
        });
    }

    /// <summary>The password hash is no plain text, but still nothing to show on a screen others may read.</summary>
    private static string HideSecret(string line)
    {
        var trimmed = line.TrimStart();
        var equals = trimmed.IndexOf('=');
        if (equals > 0
            && string.Equals(trimmed[..equals].Trim(), "console_password", StringComparison.OrdinalIgnoreCase)
            && trimmed[(equals + 1)..].Trim().Length > 0)
        {
            return line[..(line.Length - trimmed.Length)] + trimmed[..(equals + 1)] + " (hidden)";
        }

        return line;
    }

    private void SetCommand(ConfigEdit edit)
    {
        if (_config is null)
        {
            Print("The configuration is not known yet; try again in a moment.");
            return;
        }

        var problems = _config.Check([edit], edit.Path);
        if (problems.Count > 0)
        {
            Print("Not staged:");
            PrintIndented(problems);
            return;
        }

        Stage([edit], review: false);
    }

    private void CommitCommand(List<Word> words)
    {
        string? problem = null;
        var mode = words.Count > 1 ? CliWords.Resolve(words[1].Text, ["now", "confirmed"], "commit mode", out problem) : null;
        if (words.Count > 1 && mode is null)
        {
            Print(problem!);
            return;
        }

        var seconds = _options.DefaultConfirmSeconds;
        if (mode == "confirmed" && words.Count > 2
            && !(int.TryParse(words[2].Text, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) && seconds is >= 10 and <= 3600))
        {
            Print("commit confirmed SECONDS: 10-3600");
            return;
        }

        if (words.Count > (mode == "confirmed" ? 3 : 2))
        {
            Print("usage: commit [now | confirmed [SECONDS]]");
            return;
        }

        FetchConfig(() =>
        {
            var changes = _config?.StagedChanges ?? [];
            if (changes.Count == 0)
            {
                Print("Nothing is staged.");
                return;
            }

            if (mode is null && NeedsConfirmation(changes))
            {
                Print($"(commit confirmed {seconds}: the default for address and VRRP changes; 'commit now' skips it)");
                mode = "confirmed";
            }

            Commit(mode == "confirmed" ? seconds : null);
        });
    }

    private void TerminalCommand(string? mode)
    {
        var chosen = mode is null ? null : CliWords.Resolve(mode, ["plain", "full"], "terminal mode", out _);
        if (chosen is null)
        {
            Print($"terminal plain | full (now {(FullScreen ? "full" : "plain")})");
            return;
        }

        FullScreen = chosen == "full";
        _menuAt = -1;
        _effects.Enqueue(new ConsoleEffect.SwitchMode(FullScreen));
        Print(FullScreen ? "Full screen." : "Plain lines.");
    }

    private void Help(string? topic)
    {
        if (string.IsNullOrWhiteSpace(topic))
        {
            Show(HelpLines);
            return;
        }

        var words = topic.Split([' ', ':'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 1 && CommandNames.Contains(words[0], StringComparer.OrdinalIgnoreCase))
        {
            var lines = HelpLines.Where(l => l.Contains(words[0], StringComparison.OrdinalIgnoreCase)).ToList();
            Show(lines.Count > 0 ? lines : HelpLines);
            return;
        }

        var key = words[^1];
        var section = words.Length > 1 ? words[0] : null;
        var matches = ConfigSchema.Keys
            .Where(k => string.Equals(k.Name, key, StringComparison.OrdinalIgnoreCase)
                        && (section is null || string.Equals(ConfigSchema.SectionWord(k.Section), section, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        if (matches.Count == 0 && words.Length == 1 && CliWords.Sections.Contains(key, StringComparer.OrdinalIgnoreCase))
        {
            var kinds = Enum.GetValues<SectionKind>().Where(k => ConfigSchema.SectionWord(k) == key.ToLowerInvariant());
            Show(kinds.SelectMany(k => ConfigSchema.KeysOf(k).Select(i => $"  {ConfigSchema.SectionTemplate(k)} {i.Name}: {i.Meaning}")));
            return;
        }

        if (matches.Count == 0)
        {
            Print($"No command or setting called '{Printable.Line(topic)}'. help lists the commands; help vrrp lists the VRRP keys.");
            return;
        }

        var text = new List<string>();
        foreach (var info in matches)
        {
            text.Add($"{ConfigSchema.SectionTemplate(info.Section)} {info.Name}: {info.Meaning}");
            text.Add($"  range: {info.Range}");
            text.Add($"  default: {(info.Default.Length == 0 ? "(empty)" : info.Default)}; takes effect: {Applies(info.Apply)}");
        }

        Show(text);
    }

    private static string Applies(ApplyMode mode) => mode switch
    {
        ApplyMode.Live => "at once",
        ApplyMode.RestartsInstance => "the VRRP instance restarts",
        ApplyMode.RestartsNginx => "nginx reloads or restarts",
        ApplyMode.RestartsConsole => "the console restarts",
        ApplyMode.RestartsSupervisor => "when the supervisor restarts",
        _ => "at the next boot",
    };
}
