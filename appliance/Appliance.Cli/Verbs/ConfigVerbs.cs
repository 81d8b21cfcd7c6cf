using Appliance.Config;
using Appliance.Control;
using Appliance.Linux.Netlink;

namespace Appliance.Cli.Verbs;

/// <summary><c>appliance config ...</c>: check a file offline, or stage and commit changes on the running box.</summary>
internal static class ConfigVerbs
{
    /// <summary><c>appliance config check FILE</c>: every problem with its line, section, key and reason.</summary>
    public static Task<int> Check(string[] args)
    {
        var options = new ArgumentReader(args, new HashSet<string>());
        options.RejectUnknown();
        if (options.Positional is not [var path])
        {
            throw new UsageException("one configuration file is needed");
        }

        if (!File.Exists(path))
        {
            throw new CommandFailedException($"{path} does not exist");
        }

        var result = ApplianceConfigLoader.Load(File.ReadAllText(path), LocalEnvironment());
        foreach (var diagnostic in result.Diagnostics)
        {
            Console.Out.WriteLine(diagnostic.Format(path));
        }

        var errors = result.Errors.Count();
        var warnings = result.Warnings.Count();
        Console.Out.WriteLine(errors == 0
            ? $"{path}: valid{(warnings > 0 ? $", {warnings} warning(s)" : string.Empty)}"
            : $"{path}: {errors} error(s), {warnings} warning(s)");
        return Task.FromResult(errors == 0 ? ExitCodes.Ok : ExitCodes.Failed);
    }

    /// <summary><c>appliance config get</c>: the running file, and the staged one if any.</summary>
    public static Task<int> Get(string[] args)
    {
        var options = new ArgumentReader(args, new HashSet<string> { "--staged" });
        var staged = options.Flag("--staged");
        var socket = ControlTarget.SocketPath(options);
        options.RejectUnknown();
        var response = Require(ControlTarget.Send(socket, new ControlRequest { Command = "config.get" }));
        Console.Out.Write(staged ? response.Staged ?? response.Text : response.Text);
        return Task.FromResult(ExitCodes.Ok);
    }

    /// <summary>
    /// <c>appliance config set KEY=VALUE ... [--confirm SECONDS] [--stage-only]</c>: stage, show the diff and the
    /// validation, then commit (confirmed when asked).
    /// </summary>
    public static Task<int> Set(string[] args)
    {
        var (options, socket, confirm, stageOnly) = CommitOptions(args);
        if (options.Positional.Count == 0)
        {
            throw new UsageException("KEY=VALUE is needed, e.g. vrrp:web:priority=200");
        }

        return StageAndCommit(socket, new ControlRequest { Command = "config.set", Set = options.Positional.ToArray() }, confirm, stageOnly);
    }

    /// <summary>
    /// <c>appliance config load FILE [--confirm SECONDS] [--stage-only]</c>: stage a whole file (the way out of safe
    /// mode when the file on the box cannot be fixed key by key), show the diff and the validation, then commit.
    /// </summary>
    public static Task<int> Load(string[] args)
    {
        var (options, socket, confirm, stageOnly) = CommitOptions(args);
        if (options.Positional is not [var path])
        {
            throw new UsageException("one configuration file is needed");
        }

        if (!File.Exists(path))
        {
            throw new CommandFailedException($"{path} does not exist");
        }

        var text = File.ReadAllText(path);
        if (text.Length > ControlProtocol.MaxLineBytes / 2)
        {
            throw new CommandFailedException($"{path} is larger than {ControlProtocol.MaxLineBytes / 2} characters, too large for a configuration file");
        }

        return StageAndCommit(socket, new ControlRequest { Command = "config.load", Text = text }, confirm, stageOnly);
    }

    /// <summary>The options of a verb that stages and commits: [--confirm SECONDS] [--stage-only] and the socket.</summary>
    private static (ArgumentReader Options, string Socket, int? Confirm, bool StageOnly) CommitOptions(string[] args)
    {
        var options = new ArgumentReader(args, new HashSet<string> { "--stage-only" });
        var confirm = options.Value("--confirm") is null ? (int?)null : options.Integer("--confirm", 0, 10, 3600);
        var stageOnly = options.Flag("--stage-only");
        var socket = ControlTarget.SocketPath(options);
        options.RejectUnknown();
        return (options, socket, confirm, stageOnly);
    }

    private static Task<int> StageAndCommit(string socket, ControlRequest stage, int? confirm, bool stageOnly)
    {
        var staged = Require(ControlTarget.Send(socket, stage));
        Print(staged);
        if (stageOnly)
        {
            return Task.FromResult(ExitCodes.Ok);
        }

        var committed = ControlTarget.Send(socket, new ControlRequest { Command = "config.commit", ConfirmSeconds = confirm }, TimeSpan.FromSeconds(30));
        if (!committed.Ok)
        {
            // Nothing changed; the staged edit is dropped so the next set starts clean.
            ControlTarget.Send(socket, new ControlRequest { Command = "config.rollback" });
        }

        Print(Require(committed));
        return Task.FromResult(ExitCodes.Ok);
    }

    public static Task<int> Confirm(string[] args) => Simple(args, "config.confirm");

    public static Task<int> Rollback(string[] args) => Simple(args, "config.rollback");

    /// <summary><c>appliance import-keepalived FILE</c>: the INI on stdout, what could not carry over on stderr.</summary>
    public static Task<int> ImportKeepalived(string[] args)
    {
        var options = new ArgumentReader(args, new HashSet<string>());
        var output = options.Value("--output");
        options.RejectUnknown();
        if (options.Positional is not [var path])
        {
            throw new UsageException("one keepalived.conf is needed");
        }

        if (!File.Exists(path))
        {
            throw new CommandFailedException($"{path} does not exist");
        }

        var import = KeepalivedImporter.Import(File.ReadAllText(path));
        foreach (var note in import.Notes)
        {
            Console.Error.WriteLine($"{path}:{note}");
        }

        if (output is null)
        {
            Console.Out.Write(import.IniText);
        }
        else
        {
            File.WriteAllText(output, import.IniText);
            Console.Error.WriteLine($"wrote {output}; check it with: appliance config check {output}");
        }

        // Scripts that migrate a fleet must not take a partial translation for a whole one.
        Console.Error.WriteLine($"{path}: {import.InstancesCarried} of {import.InstancesFound} vrrp_instance block(s) carried over"
            + (import.InstancesSkipped > 0 ? $", {import.InstancesSkipped} skipped (see the notes above)" : string.Empty)
            + (import.Valid ? string.Empty : "; the result does not validate"));
        return Task.FromResult(import.Complete ? ExitCodes.Ok : ExitCodes.Failed);
    }

    private static Task<int> Simple(string[] args, string command)
    {
        var options = new ArgumentReader(args, new HashSet<string>());
        var socket = ControlTarget.SocketPath(options);
        options.RejectUnknown();
        Print(Require(ControlTarget.Send(socket, new ControlRequest { Command = command }, TimeSpan.FromSeconds(30))));
        return Task.FromResult(ExitCodes.Ok);
    }

    private static ControlResponse Require(ControlResponse response)
    {
        if (response.Ok)
        {
            return response;
        }

        foreach (var message in response.Messages ?? [])
        {
            Console.Error.WriteLine(message);
        }

        throw new CommandFailedException(response.Error ?? "refused");
    }

    private static void Print(ControlResponse response)
    {
        foreach (var message in response.Messages ?? [])
        {
            Console.Out.WriteLine(message);
        }
    }

    /// <summary>On the box itself the kernel's links count as known interfaces; elsewhere only declared ones do.</summary>
    private static ConfigEnvironment? LocalEnvironment()
    {
        try
        {
            using var netlink = RouteNetlinkSocket.Open();
            return new ConfigEnvironment { KnownInterfaces = netlink.DumpLinks().Select(l => l.Name).ToArray() };
        }
        catch (Linux.SystemCallException)
        {
            return null;
        }
    }
}
