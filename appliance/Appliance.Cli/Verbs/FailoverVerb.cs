using Appliance.Control;

namespace Appliance.Cli.Verbs;

/// <summary>
/// <c>appliance failover NAME [--hold 300s]</c>: hand mastership of an instance to the other box without dropping a
/// request (the VIP stays until the new master is heard) and hold back from taking it again for a while.
/// </summary>
internal static class FailoverVerb
{
    public static Task<int> Run(string[] args)
    {
        var options = new ArgumentReader(args, new HashSet<string>());
        var hold = options.Duration("--hold", TimeSpan.FromSeconds(300));
        var socket = ControlTarget.SocketPath(options);
        options.RejectUnknown();
        if (options.Positional is not [var instance])
        {
            throw new UsageException("the name of one VRRP instance is needed");
        }

        var response = ControlTarget.Send(socket, new ControlRequest { Command = "failover", Instance = instance, HoldSeconds = (int)hold.TotalSeconds }, TimeSpan.FromSeconds(60));
        if (!response.Ok)
        {
            throw new CommandFailedException(response.Error ?? "failover refused");
        }

        foreach (var message in response.Messages ?? [])
        {
            Console.Out.WriteLine(message);
        }

        return Task.FromResult(ExitCodes.Ok);
    }
}
