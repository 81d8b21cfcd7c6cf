using Appliance.Control;

namespace Appliance.Cli.Verbs;

/// <summary>
/// <c>appliance watchdog test</c>: the hardware watchdog's self-test on a deployed box. The supervisor stops its own
/// event loop for good, so nothing feeds the watchdog, and the box must reset within the watchdog's timeout. It
/// proves the whole chain (driver, device, timeout, reset wiring) the only honest way: by hanging for real.
/// </summary>
internal static class WatchdogVerb
{
    public static Task<int> Test(string[] args)
    {
        var options = new ArgumentReader(args, new HashSet<string>());
        var socket = ControlTarget.SocketPath(options);
        options.RejectUnknown();
        var response = ControlTarget.Send(socket, new ControlRequest { Command = "watchdog.test" });
        if (!response.Ok)
        {
            throw new CommandFailedException(response.Error ?? "refused");
        }

        foreach (var message in response.Messages ?? [])
        {
            Console.Out.WriteLine(message);
        }

        return Task.FromResult(ExitCodes.Ok);
    }
}
