namespace Appliance.Config;

internal static class SystemSection
{
    /// <summary>The control socket's file name in state_dir (Appliance.Control's ControlProtocol.SocketName).</summary>
    public const string ControlSocketName = "control.sock";

    /// <summary>sun_path is 108 bytes including the terminating NUL.</summary>
    public const int MaxSocketPathBytes = 107;

    public static SystemOptions Read(RawSystem raw, Findings findings)
    {
        var defaults = new SystemOptions();
        var r = new SectionReader(findings, "system");
        var hostname = defaults.Hostname;
        if (raw.Hostname is not null)
        {
            if (Names.HostnameProblem(raw.Hostname) is { } problem)
            {
                r.Error("hostname", raw.Hostname, $"not a valid hostname: {problem}{Values.CommentHint(raw.Hostname)}");
            }
            else
            {
                hostname = raw.Hostname;
            }
        }

        var stateDir = r.Path("state_dir", raw.StateDir, defaults.StateDir, emptyAllowed: false)!;
        var socketBytes = System.Text.Encoding.UTF8.GetByteCount(stateDir) + 1 + ControlSocketName.Length;
        if (socketBytes > MaxSocketPathBytes)
        {
            r.Error("state_dir", raw.StateDir, $"the control socket {stateDir}/{ControlSocketName} would be {socketBytes} bytes; a unix socket path holds at most {MaxSocketPathBytes} (sun_path is 108 bytes with its NUL)");
            stateDir = defaults.StateDir;
        }

        return new SystemOptions
        {
            Hostname = hostname,
            StateDir = stateDir,
            Console = Console(r, raw.Console, defaults.Console),
            ConsolePassword = Password(r, raw.ConsolePassword),
            Modules = Modules(r, raw.Modules),
            Shell = r.Bool("shell", raw.Shell, defaults.Shell),
            UpgradeConfirmAfter = r.Duration("upgrade_confirm_after", raw.UpgradeConfirmAfter, defaults.UpgradeConfirmAfter, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
            UpgradeTrialTimeout = r.Duration("upgrade_trial_timeout", raw.UpgradeTrialTimeout, defaults.UpgradeTrialTimeout, TimeSpan.FromSeconds(10), TimeSpan.FromDays(1)),
            Watchdog = r.Path("watchdog", raw.Watchdog, defaults.Watchdog, emptyAllowed: true),
            WatchdogTimeout = WatchdogTimeout(r, raw.WatchdogTimeout, defaults.WatchdogTimeout),
            ControlGroup = ControlGroup(r, raw.ControlGroup),
        };
    }

    // Drivers take whole seconds (WDIOC_SETTIMEOUT); 3 s is the least that leaves a feed interval of a second,
    // 600 s the most worth waiting for a hung box (i6300esb goes to 2046 s, softdog further).
    private static TimeSpan WatchdogTimeout(SectionReader r, string? raw, TimeSpan fallback)
    {
        var value = r.Duration("watchdog_timeout", raw, fallback, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(600));
        if (value.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            r.Error("watchdog_timeout", raw, "not whole seconds: watchdog drivers count their timeout in seconds (3s-600s)");
            return fallback;
        }

        return value;
    }

    /// <summary>A POSIX-portable group name (what useradd/groupadd accept): the supervisor looks it up in /etc/group.</summary>
    private static string? ControlGroup(SectionReader r, string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        var valid = raw.Length <= 32 && (char.IsAsciiLetterLower(raw[0]) || raw[0] == '_')
            && raw.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-');
        if (!valid || raw == "root")
        {
            r.Error("control_group", raw, $"not a group name: 1-32 lower-case letters, digits, '_' or '-', starting with a letter or '_', and not root (root has every right already){Values.CommentHint(raw)}");
            return null;
        }

        return raw;
    }

    private static string? Console(SectionReader r, string? raw, string? fallback)
    {
        if (raw is null)
        {
            return fallback;
        }

        if (raw.Length == 0)
        {
            return null;
        }

        var name = raw.StartsWith("/dev/", StringComparison.Ordinal) ? raw[5..] : raw;
        if (name.Length is 0 or > 32 || !char.IsAsciiLetter(name[0]) || !name.All(char.IsAsciiLetterOrDigit))
        {
            r.Error("console", raw, $"not a console device: write a name under /dev such as ttyS0, ttyAMA0, hvc0 or tty1{Values.CommentHint(raw)}");
            return fallback;
        }

        return name;
    }

    private static string? Password(SectionReader r, string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        if (!ConsolePassword.TryParseHash(raw, out _, out _, out _, out var problem))
        {
            r.Error("console_password", raw, $"not a password hash: {problem}; set it with `appliance passwd` (a plain password is never stored here)");
            return null;
        }

        return raw;
    }

    private static List<string> Modules(SectionReader r, string? raw)
    {
        var modules = new List<string>();
        if (raw is null || !r.List("modules", raw, out var items))
        {
            return modules;
        }

        foreach (var item in items)
        {
            if (Names.ModuleNameProblem(item) is { } problem)
            {
                r.Error("modules", raw, $"'{item}' is not a module name: {problem}");
            }
            else if (modules.Contains(item, StringComparer.Ordinal))
            {
                r.Warning("modules", raw, $"{item} is listed twice");
            }
            else
            {
                modules.Add(item);
            }
        }

        return modules;
    }
}
