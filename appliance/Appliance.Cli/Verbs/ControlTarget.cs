using Appliance.Config;
using Appliance.Control;

namespace Appliance.Cli.Verbs;

/// <summary>Where the supervisor's control socket is: --socket, or the state_dir of --config, or the default.</summary>
internal static class ControlTarget
{
    public static string SocketPath(ArgumentReader options)
    {
        if (options.Value("--socket") is { } socket)
        {
            return socket;
        }

        var configPath = options.Value("--config") ?? ConfigStore.DefaultPath;
        if (File.Exists(configPath) && ApplianceConfigLoader.Load(File.ReadAllText(configPath)).Config is { } config)
        {
            return ControlProtocol.SocketPath(config.System.StateDir);
        }

        return ControlProtocol.SocketPath(new SystemOptions().StateDir);
    }

    public static ControlResponse Send(string socket, ControlRequest request, TimeSpan? timeout = null)
    {
        try
        {
            return ControlClient.Send(socket, request, timeout ?? TimeSpan.FromSeconds(10));
        }
        catch (ControlException e)
        {
            throw new CommandFailedException(e.Message);
        }
    }
}

/// <summary>A verb that could not do its job for a reason outside the command line: printed, exit 1.</summary>
internal sealed class CommandFailedException(string message) : Exception(message);
