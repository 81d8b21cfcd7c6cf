using Appliance.Control;

namespace Appliance.Cli.Verbs;

/// <summary>
/// <c>appliance drain NAME</c> and <c>appliance undrain NAME</c>: withdraw an [anycast:NAME] group from the router
/// while this box keeps serving what still arrives, and announce it again.
/// </summary>
internal static class AnycastVerbs
{
    public static Task<int> Drain(string[] args) => Send(args, "drain");

    public static Task<int> Undrain(string[] args) => Send(args, "undrain");

    private static Task<int> Send(string[] args, string command)
    {
        var options = new ArgumentReader(args, new HashSet<string>());
        var socket = ControlTarget.SocketPath(options);
        options.RejectUnknown();
        if (options.Positional is not [var group])
        {
            throw new UsageException("the name of one [anycast:NAME] group is needed");
        }

        var response = ControlTarget.Send(socket, new ControlRequest { Command = command, Group = group }, TimeSpan.FromSeconds(10));
        if (!response.Ok)
        {
            throw new CommandFailedException(response.Error ?? $"{command} refused");
        }

        foreach (var message in response.Messages ?? [])
        {
            Console.Out.WriteLine(message);
        }

        return Task.FromResult(ExitCodes.Ok);
    }
}
