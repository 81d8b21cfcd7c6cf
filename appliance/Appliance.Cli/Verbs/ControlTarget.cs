using Appliance.Config;
using Appliance.Supervisor.Configuration;
using Appliance.Control;

namespace Appliance.Cli.Verbs;

/// <summary>
/// Where the supervisor's control socket is: --socket, else the <c>[system] state_dir</c> of --config (or of the
/// default file), else the default. Only that key is read: a file with a mistake elsewhere (or an interface that
/// exists only in the supervisor's namespace) still says where its supervisor listens. A --config that cannot be
/// read, or whose state_dir is not an absolute path, is an error rather than a quiet fall back to the default
/// socket, which would talk to another supervisor or to nobody.
/// </summary>
internal static class ControlTarget
{
    public static string SocketPath(ArgumentReader options)
    {
        if (options.Value("--socket") is { } socket)
        {
            return socket;
        }

        var given = options.Value("--config");
        var configPath = given ?? ConfigStore.DefaultPath;
        string text;
        try
        {
            text = File.ReadAllText(configPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (given is not null)
            {
                throw new CommandFailedException($"cannot read {configPath}: {e.Message}");
            }

            return ControlProtocol.SocketPath(new SystemOptions().StateDir);
        }

        var stateDir = ConfigDocument.Parse(text).Get("system", "state_dir")?.Trim();
        if (string.IsNullOrEmpty(stateDir))
        {
            return ControlProtocol.SocketPath(new SystemOptions().StateDir);
        }

        if (!Path.IsPathRooted(stateDir))
        {
            throw new CommandFailedException($"{configPath}: [system] state_dir = {stateDir} is not an absolute path");
        }

        return ControlProtocol.SocketPath(stateDir);
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
