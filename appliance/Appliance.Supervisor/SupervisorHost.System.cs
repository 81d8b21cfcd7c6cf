using Appliance.Config;

namespace Appliance.Supervisor;

/// <summary>The [system] and [interface:*] parts of a configuration change.</summary>
public sealed partial class SupervisorHost
{
    private static IEnumerable<string> ApplySystem(ApplianceConfig old, ApplianceConfig config)
    {
        if (old.System.Hostname != config.System.Hostname)
        {
            yield return Environment.ProcessId == 1
                ? $"hostname: {config.System.Hostname}"
                : "hostname: in logs and status now; the machine's own hostname is set only when appliance is PID 1";
        }
    }
}
