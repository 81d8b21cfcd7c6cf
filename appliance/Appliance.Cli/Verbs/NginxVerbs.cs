using Appliance.Control;

namespace Appliance.Cli.Verbs;

/// <summary><c>appliance nginx restart|reload|reopen</c>: ask the supervisor, which owns the nginx process.</summary>
internal static class NginxVerbs
{
    public static Task<int> Restart(string[] args) => Send(args, "nginx.restart");

    public static Task<int> Reload(string[] args) => Send(args, "nginx.reload");

    public static Task<int> Reopen(string[] args) => Send(args, "nginx.reopen");

    private static Task<int> Send(string[] args, string command)
    {
        var options = new ArgumentReader(args, new HashSet<string>());
        var socket = ControlTarget.SocketPath(options);
        options.RejectUnknown();
        var response = ControlTarget.Send(socket, new ControlRequest { Command = command }, TimeSpan.FromSeconds(60));
        foreach (var message in response.Messages ?? [])
        {
            (response.Ok ? Console.Out : Console.Error).WriteLine(message);
        }

        return response.Ok ? Task.FromResult(ExitCodes.Ok) : throw new CommandFailedException(response.Error ?? "refused");
    }
}
