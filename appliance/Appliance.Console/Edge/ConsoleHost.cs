using Appliance.Linux;

namespace Appliance.ConsoleUi.Edge;

/// <summary><c>appliance console</c>: runs the console on a terminal until the person logs out or the line goes.</summary>
public static class ConsoleHost
{
    /// <summary>Runs the console; returns the exit code (0 after a log-out or a hangup, 1 when the terminal cannot be used).</summary>
    public static int Run(ConsoleHostOptions options)
    {
        ConsoleRuntime runtime;
        try
        {
            runtime = ConsoleRuntime.Create(options);
        }
        catch (SystemCallException e)
        {
            Console.Error.WriteLine($"appliance console: {e.Message}");
            return 1;
        }

        using (runtime)
        {
            var code = runtime.Run();
            if (!Console.IsErrorRedirected || options.Device is not null)
            {
                // Under the supervisor stderr is its log: say why this console ended.
                Console.Error.WriteLine($"appliance console: {runtime.ExitReason}");
            }

            return code;
        }
    }
}
