namespace Appliance.ConsoleUi.Session;

/// <summary>
/// The numbered menu. Its prompt also takes any command of the command line, so a person who knows the commands
/// never has to switch modes.
/// </summary>
internal sealed partial class ConsoleSession
{
    private readonly List<string> _history = [];
    private bool _commandLineMode;
    private long _menuAt = -1;

    internal sealed record MenuItem(string Key, string Title, Action Run, bool Listed = true);

    internal IReadOnlyList<MenuItem> MenuItems()
    {
        var pending = _status?.PendingCommit is not null;
        var staged = _config?.Staged is not null;
        return
        [
            new("1", "Show status", ShowStatus),
            new("2", "Set the hostname", SetHostname),
            new("3", "Management address, gateway", SetManagement),
            new("4", "Configure a VRRP instance", ConfigureVrrp),
            new("5", "Restart or reload nginx", () => Nginx(null)),
            new("6", "Force a failover", () => Failover(null, null)),
            new("7", "Show the last log lines", () => ShowLog(Math.Max(1, PageSize - 1), hint: true)),
            new("8", "Ping / reach an address", () => Reach(null)),
            new("9", "Set or clear the password", ChangePassword),
            new("10", "Reset to factory defaults", FactoryReset),
            new("11", "Reboot", () => Power("reboot")),
            new("12", "Power off", () => Power("poweroff")),
            new("13", "Shell", StartShell, Listed: _config?.ShellEnabled == true),
            new("s", "Review staged changes", ReviewStaged, Listed: staged),
            new("y", "Confirm the change", Confirm, Listed: pending),
            new("r", "Roll back now", Rollback, Listed: pending),
            new("c", "Command line", EnterCommandLine),
            new("m", "Menu", () => ShowMenu(), Listed: false),
            new("q", "Log out", Logout),
        ];
    }

    private void Welcome()
    {
        Print("Choose a number, or type a command (help lists them). ^C abandons a question.");
        GoHome();
    }

    /// <summary>Back to where a person starts: the menu's prompt, or the command line's.</summary>
    private void GoHome()
    {
        ClearAsk();
        if (_ended)
        {
            return;
        }

        if (_locked)
        {
            Gate();
            return;
        }

        if (!FullScreen && PendingSecondsLeft is { } left)
        {
            // A plain terminal has no header: say it on the way back.
            Print($"(unconfirmed change: rolls back in {Math.Ceiling(left):0} s; y confirms, r rolls back now)");
        }

        if (_commandLineMode)
        {
            Prompt(new Ask($"{_config?.Hostname ?? "appliance"}> ", RunCommand)
            {
                IsHome = true,
                MaxLength = 400,
                History = _history,
                Completer = new CliCompleter(() => _config, () => _status),
            });
            return;
        }

        if (!MenuVisible)
        {
            ShowMenu();
        }

        Prompt(new Ask("Choice: ", Choose)
        {
            IsHome = true,
            MaxLength = 400,
            History = _history,
            Completer = new CliCompleter(() => _config, () => _status),
        });
    }

    /// <summary>On a full screen the menu is shown again once it scrolled away; a plain terminal gets it on Enter.</summary>
    private bool MenuVisible => _menuAt >= 0 && (!FullScreen || _transcript.Next - _menuAt <= BodyHeight);

    private void ShowMenu()
    {
        if (!FullScreen)
        {
            foreach (var line in HeaderLines().Where(l => l.Length > 0))
            {
                Print(line);
            }
        }

        _menuAt = _transcript.Next;
        var items = MenuItems().Where(i => i.Listed).ToList();
        var numbered = items.Where(i => char.IsAsciiDigit(i.Key[0])).Select(i => $"{i.Key,2}) {i.Title}").ToList();
        var lettered = string.Join("   ", items.Where(i => !char.IsAsciiDigit(i.Key[0])).Select(i => $"{i.Key}) {i.Title}"));
        if (Width >= 64)
        {
            var half = (numbered.Count + 1) / 2;
            var column = Width / 2;
            for (var i = 0; i < half; i++)
            {
                var left = numbered[i].PadRight(column);
                var right = i + half < numbered.Count ? numbered[i + half] : "";
                Print((left + right).TrimEnd());
            }
        }
        else
        {
            Print(numbered);
        }

        Print(lettered);
    }

    private void Choose(string answer)
    {
        var text = answer.Trim();
        if (text.Length == 0)
        {
            ShowMenu();
            return;
        }

        var item = MenuItems().FirstOrDefault(i => string.Equals(i.Key, text, StringComparison.OrdinalIgnoreCase));
        if (item is not null)
        {
            item.Run();
            return;
        }

        if (IsCommand(text))
        {
            RunCommand(text);
            return;
        }

        var shown = text.Length > 30 ? text[..30] + "..." : text;
        Print($"'{shown}' is not a choice: type a number from the menu, a letter, or a command (help).");
    }

    private void EnterCommandLine()
    {
        _commandLineMode = true;
        Print("Command line: help lists the commands, menu goes back to the menu, Tab completes.");
    }

    private void Logout()
    {
        if (_config?.Staged is not null)
        {
            Print("Staged changes stay staged on the supervisor: commit or discard them later.");
        }

        if (PendingSecondsLeft is { } left)
        {
            Print($"The unconfirmed change rolls back in {Math.Ceiling(left):0} s unless someone confirms it.");
        }

        Print("Logged out.");
        Exit(0, "logged out");
    }
}
