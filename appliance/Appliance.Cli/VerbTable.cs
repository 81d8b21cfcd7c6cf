using Appliance.Cli.Verbs;

namespace Appliance.Cli;

/// <summary>Every verb with its help: the one place a new verb, option or exit code is written down.</summary>
internal static class VerbTable
{
    private static readonly VerbOption Confirm = new("--confirm SECONDS", "roll back after SECONDS (10-3600) unless `config confirm` follows");
    private static readonly VerbOption StageOnly = new("--stage-only", "stage only; the next set or load without it commits all that is staged");

    public static readonly Verb[] All =
    [
        new("run", "[--config PATH]", "run the supervisor and VRRP node (PID 1 or a service)", RunVerb.Run)
        {
            Options = [new("--config PATH", "the configuration file (default /etc/appliance/appliance.ini)")],
            Exits = [new(0, "stopped in an orderly way"), new(1, "could not start: the reason is on standard error"), new(2, "the command line is wrong")],
        },
        new("status", "[--json | --check] [--config PATH | --socket PATH]", "show the state of the box: VRRP instances, services", StatusVerb.Run)
        {
            Options =
            [
                new("--json", "the status as JSON, a contract for scripts (docs/status.md)"),
                new("--check", "one line and an exit code for monitoring plugins"),
                .. VerbOption.Target,
            ],
            Exits =
            [
                new(0, "shown; with --check: every instance master or backup, all healthy"),
                new(1, "no answer; with --check: something is not healthy (the line says what)"),
                new(2, "the command line is wrong; with --check: no supervisor answered"),
            ],
        },
        new("failover", "NAME [--hold DURATION] [--config PATH | --socket PATH]", "hand an instance to the other box without a dropped request", FailoverVerb.Run)
        {
            Options = [new("--hold DURATION", "how long this box holds back from taking the instance again (default 300s)"), .. VerbOption.Target],
        },
        new("drain", "NAME [--config PATH | --socket PATH]", "withdraw an anycast group; this box serves what still arrives", AnycastVerbs.Drain) { Options = VerbOption.Target },
        new("undrain", "NAME [--config PATH | --socket PATH]", "announce a drained anycast group again (while healthy)", AnycastVerbs.Undrain) { Options = VerbOption.Target },
        new("nginx restart", "[--config PATH | --socket PATH]", "stop nginx gracefully and start it again", NginxVerbs.Restart) { Options = VerbOption.Target },
        new("nginx reload", "[--config PATH | --socket PATH]", "nginx -t, then reload; a broken configuration is refused", NginxVerbs.Reload) { Options = VerbOption.Target },
        new("nginx reopen", "[--config PATH | --socket PATH]", "nginx reopens its log files", NginxVerbs.Reopen) { Options = VerbOption.Target },
        new("config check", "FILE", "validate a configuration file: every problem with line, section, key and reason", ConfigVerbs.Check)
        {
            Exits = [new(0, "the file is valid"), new(1, "it is not: every problem is listed"), new(2, "the command line is wrong")],
        },
        new("config get", "[--staged] [--config PATH | --socket PATH]", "print the running (or staged) configuration", ConfigVerbs.Get)
        {
            Options = [new("--staged", "the staged text instead of the running one"), .. VerbOption.Target],
        },
        new("config set", "KEY=VALUE... [--confirm SECONDS] [--stage-only] [--config PATH | --socket PATH]", "stage, validate and commit changes (vrrp:web:priority=200)", ConfigVerbs.Set)
        {
            Options = [Confirm, StageOnly, .. VerbOption.Target],
        },
        new("config load", "FILE [--confirm SECONDS] [--stage-only] [--config PATH | --socket PATH]", "stage, validate and commit a whole file (leaves safe mode)", ConfigVerbs.Load)
        {
            Options = [Confirm, StageOnly, .. VerbOption.Target],
        },
        new("config confirm", "[--config PATH | --socket PATH]", "keep a change made with --confirm", ConfigVerbs.Confirm) { Options = VerbOption.Target },
        new("config rollback", "[--config PATH | --socket PATH]", "undo an unconfirmed change now, or drop staged changes", ConfigVerbs.Rollback) { Options = VerbOption.Target },
        new("import-keepalived", "FILE [--output PATH]", "turn keepalived.conf vrrp_instance blocks into appliance.ini", ConfigVerbs.ImportKeepalived)
        {
            Options = [new("--output PATH", "write the INI there instead of standard output")],
            Exits =
            [
                new(0, "every vrrp_instance carried over and the result validates"),
                new(1, "an instance was skipped or the result does not validate (notes on standard error)"),
                new(2, "the command line is wrong"),
            ],
        },
        new("console", "[--tty DEVICE] [--plain] [--size COLSxROWS] [--config PATH | --socket PATH]", "the menu and command line for a serial terminal", ConsoleVerb.Run)
        {
            Options =
            [
                new("--tty DEVICE", "run on this terminal device (default: the current terminal)"),
                new("--plain", "plain lines, even on a terminal that could draw the full screen"),
                new("--size COLSxROWS", "the terminal's size when it cannot report it (serial lines)"),
                .. VerbOption.Target,
            ],
        },
        new("passwd", "[--clear] [--config PATH | --socket PATH]", "set the console password (asked twice, never echoed) or remove it", PasswdVerb.Run)
        {
            Options = [new("--clear", "remove the password: the console opens without one"), .. VerbOption.Target],
        },
        new("upgrade", "BUNDLE [--check] [--allow-downgrade] [--no-reboot]", "verify a signed bundle, install it into the other slot and boot it once", UpgradeVerb.Run)
        {
            Options =
            [
                new("--check", "verify the bundle only; nothing is written"),
                new("--allow-downgrade", "accept a bundle older than the running version"),
                new("--no-reboot", "install, but leave the reboot into the new slot to the operator"),
            ],
            Exits = [new(0, "verified (and installed)"), new(1, "refused: the reason is on standard error; nothing was written"), new(2, "the command line is wrong")],
        },
        new("watchdog test", "[--config PATH | --socket PATH]", "self-test: the supervisor's loop stops and the watchdog must reset the box", WatchdogVerb.Test)
        {
            Options = VerbOption.Target,
        },
        new("probe", "URL [--every DURATION] [--timeout DURATION] [--count N | --for DURATION] [--timeline]", "request URL over new connections and show who answers", ProbeVerb.Run)
        {
            Options =
            [
                new("--every DURATION", "one new connection this often (default 100ms)"),
                new("--timeout DURATION", "give up on a request after this (default 1s)"),
                new("--count N", "stop after N requests"),
                new("--for DURATION", "stop after this long"),
                new("--timeline", "print every change of who answers, with times"),
            ],
            Exits = [new(0, "at least one request was answered"), new(1, "none was"), new(2, "the command line is wrong")],
        },
        new("vrrp decode", "HEX|-", "decode a captured VRRP packet (IPv4/IPv6 header included) and check it", VrrpDecodeVerb.Run)
        {
            Exits = [new(0, "the packet is valid"), new(1, "it is not: the reason is printed"), new(2, "the command line is wrong")],
        },
    ];
}
