using System.Text.Json;
using Appliance.Control;

namespace Appliance.Cli.Verbs;

/// <summary><c>appliance status [--json | --check]</c>: the supervisor's view of the box.</summary>
internal static class StatusVerb
{
    /// <summary>--check: no supervisor answered (monitoring plugins read 2 as critical).</summary>
    public const int NoSupervisor = 2;

    public static Task<int> Run(string[] args)
    {
        var options = new ArgumentReader(args, new HashSet<string> { "--json", "--check" });
        var json = options.Flag("--json");
        var check = options.Flag("--check");
        var socket = ControlTarget.SocketPath(options);
        options.RejectUnknown();
        if (json && check)
        {
            throw new UsageException("--json and --check are two different answers: give one");
        }

        if (check)
        {
            return Task.FromResult(Check(socket));
        }

        var response = ControlTarget.Send(socket, new ControlRequest { Command = "status" });
        if (!response.Ok || response.Status is null)
        {
            throw new CommandFailedException(response.Error ?? "no status in the answer");
        }

        Console.Out.Write(json
            ? JsonSerializer.Serialize(response.Status, ControlJson.Indented.StatusReport) + "\n"
            : StatusText.Format(response.Status));
        return Task.FromResult(ExitCodes.Ok);
    }

    private static int Check(string socket)
    {
        ControlResponse response;
        try
        {
            response = ControlClient.Send(socket, new ControlRequest { Command = "status" }, TimeSpan.FromSeconds(10));
        }
        catch (ControlException e)
        {
            Console.Out.WriteLine($"UNKNOWN: {e.Message}");
            return NoSupervisor;
        }

        if (!response.Ok || response.Status is null)
        {
            Console.Out.WriteLine($"UNKNOWN: {response.Error ?? "no status in the answer"}");
            return NoSupervisor;
        }

        var (healthy, line) = StatusCheck.Evaluate(response.Status);
        Console.Out.WriteLine(line);
        return healthy ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
