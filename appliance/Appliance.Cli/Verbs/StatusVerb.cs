using System.Text.Json;
using Appliance.Control;

namespace Appliance.Cli.Verbs;

/// <summary><c>appliance status [--json]</c>: the supervisor's view of the box.</summary>
internal static class StatusVerb
{
    public static Task<int> Run(string[] args)
    {
        var options = new ArgumentReader(args, new HashSet<string> { "--json" });
        var json = options.Flag("--json");
        var socket = ControlTarget.SocketPath(options);
        options.RejectUnknown();
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
}
