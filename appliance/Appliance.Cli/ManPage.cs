using System.Text;

namespace Appliance.Cli;

/// <summary>
/// appliance(1) in roff, rendered from the verb table that <c>--help</c> prints, so that the manual and the help
/// never disagree: the build writes it with <c>appliance help --man</c> into the Debian package and the image.
/// </summary>
internal static class ManPage
{
    public const string Flag = "--man";

    /// <summary>Files the binary reads or creates by default; each one's meaning in one sentence.</summary>
    private static readonly (string Path, string Meaning)[] Files =
    [
        ("/etc/appliance/appliance.ini", "The configuration (configuration.md). Beside it: appliance.ini.last-good, the last valid one; appliance.ini.pending, an unconfirmed change; appliance.ini.rejected, a file refused at boot."),
        ("/run/appliance/control.sock", "The control socket of the running supervisor ({state_dir}/control.sock), root only; the verbs that talk to the supervisor use it."),
        ("/run/appliance/console.sock", "The socket the consoles the supervisor starts talk to."),
        ("/etc/nginx/nginx.conf", "The configuration of the nginx the supervisor starts and watches ([nginx] config)."),
    ];

    public static void Write(TextWriter output, string version, IReadOnlyList<Verb> verbs)
    {
        output.WriteLine($".TH APPLIANCE 1 \"\" \"appliance {Escape(version)}\" \"User Commands\"");
        // No hyphenation: paths and option names must read as they are typed.
        output.WriteLine(".nh");
        output.WriteLine(".SH NAME");
        output.WriteLine($"appliance \\- {Escape(HelpText.Tagline)}");
        output.WriteLine(".SH SYNOPSIS");
        output.WriteLine(".B appliance");
        output.WriteLine(".I COMMAND");
        output.WriteLine(".RI [ ARGS ]");
        output.WriteLine(".br");
        output.WriteLine(".B appliance help");
        output.WriteLine(".I COMMAND");
        output.WriteLine(".br");
        output.WriteLine(".B appliance \\-\\-version");
        output.WriteLine(".SH DESCRIPTION");
        output.WriteLine(Escape("One program is a VRRP node (RFC 9568, RFC 3768) and the supervisor of nginx: two boxes share one web address (the virtual IP), the master holds it and serves it, and the backup takes it over when the master fails or stops. `appliance run` is the supervisor: PID 1 of the appliance image, a container's entrypoint, or a systemd service (Type=notify) on a host with its own init. The other commands talk to it over its control socket or work on their own (config check, probe, vrrp decode)."));
        output.WriteLine(".PP");
        output.WriteLine(Escape("`appliance help COMMAND` and `appliance COMMAND --help` print what this page says about one command, for an 80-column console."));
        output.WriteLine(".SH COMMANDS");
        foreach (var verb in verbs)
        {
            Command(output, verb);
        }

        output.WriteLine(".SH EXIT STATUS");
        output.WriteLine(Escape("0 when the command did what it says, 1 when it failed (the reason is on standard error), 2 when the command line is wrong; each command above lists what its codes mean."));
        output.WriteLine(".SH FILES");
        foreach (var (path, meaning) in Files)
        {
            output.WriteLine(".TP");
            output.WriteLine($".I {Escape(path)}");
            output.WriteLine(Escape(meaning));
        }

        output.WriteLine(".SH SEE ALSO");
        output.WriteLine(".BR nginx (8),");
        output.WriteLine(".BR keepalived (8),");
        output.WriteLine(".BR systemd.service (5),");
        output.WriteLine(".BR systemctl (1)");
        output.WriteLine(".PP");
        output.WriteLine(Escape("The operator's documentation: configuration.md, operations.md, status.md and console.md (in the package: /usr/share/doc/appliance)."));
    }

    private static void Command(TextWriter output, Verb verb)
    {
        output.WriteLine($".SS \"{Escape($"appliance {verb.Name} {verb.Arguments}".TrimEnd())}\"");
        output.WriteLine(Escape(Sentence(verb.Summary)));
        if (verb.Options.Count > 0)
        {
            TaggedList(output, "Options:", verb.Options.Select(o => (o.Name, o.Meaning)));
        }

        TaggedList(output, "Exit codes:", verb.Exits.Select(e => (e.Code.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Meaning)));
    }

    /// <summary>A title, then each tag in bold with its meaning beside it, indented, without blank lines between.</summary>
    private static void TaggedList(TextWriter output, string title, IEnumerable<(string Tag, string Meaning)> rows)
    {
        output.WriteLine(".PP");
        output.WriteLine(title);
        output.WriteLine(".RS");
        output.WriteLine(".PD 0");
        foreach (var (tag, meaning) in rows)
        {
            output.WriteLine(".TP");
            output.WriteLine($".B {Escape(tag)}");
            output.WriteLine(Escape(meaning));
        }

        output.WriteLine(".PD");
        output.WriteLine(".RE");
    }

    private static string Sentence(string summary) => char.ToUpperInvariant(summary[0]) + summary[1..] + ".";

    /// <summary>
    /// Text for one roff input line: backslashes and hyphens escaped (an option's "-" is a minus sign, which
    /// copies from a terminal as "-"), `code` in bold, and a leading dot or quote defused.
    /// </summary>
    public static string Escape(string text)
    {
        var roff = new StringBuilder(text.Length + 16);
        var bold = false;
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\': roff.Append("\\e"); break;
                case '-': roff.Append("\\-"); break;
                case '`':
                    roff.Append(bold ? "\\fR" : "\\fB");
                    bold = !bold;
                    break;
                case '\n': roff.Append(' '); break;
                default: roff.Append(c); break;
            }
        }

        if (bold)
        {
            roff.Append("\\fR");
        }

        return roff.Length > 0 && roff[0] is '.' or '\'' ? "\\&" + roff : roff.ToString();
    }
}
