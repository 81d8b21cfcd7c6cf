using System.Text;
using Appliance.Config;
using Appliance.Control;

namespace Appliance.Cli.Verbs;

/// <summary>
/// <c>appliance passwd [--clear] [--socket PATH | --config PATH]</c>: sets the console password from a shell, the
/// same change the console's password menu makes. Typed twice without echo at a terminal; from a pipe, the first
/// line is the password (for provisioning scripts). Only the salted hash leaves this process, committed through the
/// supervisor like any other change, so the running console asks for it at once.
/// </summary>
internal static class PasswdVerb
{
    private const string Key = "system:console_password";

    public static Task<int> Run(string[] args)
    {
        var options = new ArgumentReader(args, new HashSet<string> { "--clear" });
        var clear = options.Flag("--clear");
        var socket = ControlTarget.SocketPath(options);
        options.RejectUnknown();
        if (options.Positional.Count > 0)
        {
            throw new UsageException($"unexpected '{options.Positional[0]}': the password is asked for, never given as an argument");
        }

        var value = clear ? "" : ConsolePassword.Hash(AskPassword());
        var staged = ControlTarget.Send(socket, new ControlRequest { Command = "config.set", Set = [$"{Key}={value}"] });
        if (!staged.Ok)
        {
            throw new CommandFailedException(staged.Error ?? "refused");
        }

        var committed = ControlTarget.Send(socket, new ControlRequest { Command = "config.commit" }, TimeSpan.FromSeconds(30));
        if (!committed.Ok)
        {
            ControlTarget.Send(socket, new ControlRequest { Command = "config.rollback" });
            throw new CommandFailedException(committed.Error ?? "refused");
        }

        Console.Out.WriteLine(clear ? "console password removed: the console asks for none" : "console password set");
        return Task.FromResult(ExitCodes.Ok);
    }

    private static string AskPassword()
    {
        if (Console.IsInputRedirected)
        {
            return Checked(Console.In.ReadLine() ?? throw new CommandFailedException("no password on standard input"));
        }

        var first = Checked(ReadHidden("New console password: "));
        var second = ReadHidden("The same again: ");
        if (second != first)
        {
            throw new CommandFailedException("the two entries differ: the password is unchanged");
        }

        return first;
    }

    private static string Checked(string password)
    {
        if (password.Length < ConsolePassword.MinimumLength)
        {
            throw new CommandFailedException($"too short: at least {ConsolePassword.MinimumLength} characters (remove it with --clear)");
        }

        if (password.Length > ConsolePassword.MaximumLength)
        {
            throw new CommandFailedException($"too long: at most {ConsolePassword.MaximumLength} characters");
        }

        return password;
    }

    /// <summary>Reads a line at the terminal without echo; ^C ends the process as usual and the terminal is restored.</summary>
    private static string ReadHidden(string prompt)
    {
        Console.Error.Write(prompt);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    Console.Error.WriteLine();
                    return text.ToString();
                case ConsoleKey.Backspace:
                    if (text.Length > 0)
                    {
                        text.Length--;
                    }

                    break;
                default:
                    if (!char.IsControl(key.KeyChar) && text.Length <= ConsolePassword.MaximumLength)
                    {
                        text.Append(key.KeyChar);
                    }

                    break;
            }
        }
    }
}
