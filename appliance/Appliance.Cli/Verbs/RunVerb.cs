using Appliance.Config;
using Appliance.Supervisor.Configuration;
using Appliance.Supervisor;

namespace Appliance.Cli.Verbs;

/// <summary><c>appliance run [--config PATH]</c>: the supervisor and VRRP node, as PID 1 or as a service.</summary>
internal static class RunVerb
{
    public static Task<int> Run(string[] args)
    {
        var options = new ArgumentReader(args, new HashSet<string>());
        var config = options.Value("--config") ?? ConfigStore.DefaultPath;
        options.RejectUnknown();
        if (options.Positional.Count > 0)
        {
            throw new UsageException($"unexpected '{options.Positional[0]}'");
        }

        SupervisorHost.AppVersion = Dispatcher.Version;
        using var host = new SupervisorHost(new RunOptions(config));
        return Task.FromResult(host.Run());
    }
}
