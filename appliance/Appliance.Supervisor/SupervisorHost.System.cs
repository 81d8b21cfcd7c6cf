using Appliance.Config;

namespace Appliance.Supervisor;

/// <summary>The [system] and [interface:*] parts of a configuration change.</summary>
public sealed partial class SupervisorHost
{
    private IEnumerable<string> ApplySystem(ApplianceConfig old, ApplianceConfig config)
    {
        if (old.System.Hostname != config.System.Hostname)
        {
            if (Init.InitDuties.IsPid1)
            {
                TrySetHostname(config.System.Hostname);
                yield return $"hostname: {config.System.Hostname}";
            }
            else
            {
                yield return "hostname: in logs and status now; the machine's own hostname is set only when appliance is PID 1";
            }
        }

        if (!old.Interfaces.SequenceEqual(config.Interfaces) || !old.Vrrp.SequenceEqual(config.Vrrp))
        {
            foreach (var line in Init.ManagedInterfaces.Apply(_netlink!, config))
            {
                yield return line;
            }
        }

        if (old.System.Console != config.System.Console && _consoles is not null)
        {
            _consoles.Apply(Services.ConsoleService.Devices(config.System.Console));
            yield return $"console: on {config.System.Console ?? "(none)"}";
        }

        if (!old.System.Modules.SequenceEqual(config.System.Modules) && Init.InitDuties.IsPid1)
        {
            var loaded = new List<string>();
            Init.InitDuties.LoadModules(config.System.Modules.Except(old.System.Modules), loaded.Add);
            foreach (var line in loaded)
            {
                yield return line;
            }
        }
    }
}
