using System.Globalization;
using Appliance.Control;

namespace Appliance.ConsoleUi.Session;

/// <summary>
/// The state of the box at a glance, a few lines for the top of the screen: hostname, uptime, management address
/// and nginx; one line per VRRP instance (state, priority, VIP); and what needs attention (an unconfirmed change
/// counting down, staged changes, a supervisor that does not answer).
/// </summary>
internal static class HeaderText
{
    public const int MaxInstances = 3;

    public static List<string> Build(StatusReport? status, string? statusProblem, ConfigView? config, double? pendingSecondsLeft, int stagedChanges)
    {
        var lines = new List<string>();
        var hostname = status?.Hostname ?? config?.Hostname ?? "appliance";
        var first = hostname;
        if (status is not null)
        {
            first += $"  up {Uptime(status.UptimeS)}";
        }

        if (config?.Management is { } management)
        {
            first += $"  {management.Interface} {management.Address}";
            if (management.Gateway is { } gateway)
            {
                first += $" gw {gateway}";
            }
        }

        if (status?.Services.FirstOrDefault(s => s.Name == "nginx") is { } nginx)
        {
            first += $"  nginx {nginx.State}{(nginx.State == "disabled" ? "" : nginx.Healthy ? " ok" : " NOT OK")}";
        }

        lines.Add(first);
        if (statusProblem is not null)
        {
            lines.Add($"  supervisor not answering: {statusProblem}");
        }
        else if (status is not null)
        {
            if (status.Vrrp.Count == 0)
            {
                lines.Add("  no VRRP instance");
            }

            foreach (var v in status.Vrrp.Take(MaxInstances))
            {
                var priority = v.EffectivePriority == v.Priority
                    ? v.Priority.ToString(CultureInfo.InvariantCulture)
                    : $"{v.EffectivePriority} (of {v.Priority})";
                var line = $"  {v.Name,-8} {v.State.ToUpperInvariant(),-8} vrid {v.Vrid}  prio {priority}  VIP {string.Join(' ', v.VirtualIps)}";
                if (v.Problem is not null)
                {
                    line += $"  ({v.Problem})";
                }
                else if (v.TrackedDown.Count > 0)
                {
                    line += $"  (down: {string.Join(',', v.TrackedDown)})";
                }

                lines.Add(line);
            }

            if (status.Vrrp.Count > MaxInstances)
            {
                lines.Add($"  ... and {status.Vrrp.Count - MaxInstances} more instances (1: status)");
            }
        }

        if (pendingSecondsLeft is { } left)
        {
            lines.Add($"UNCONFIRMED CHANGE: rolls back in {Math.Ceiling(Math.Max(0, left)):0} s unless confirmed (y, or 'confirm')");
        }
        else if (stagedChanges > 0)
        {
            lines.Add($"{stagedChanges} staged change{(stagedChanges == 1 ? "" : "s")} not applied (s: review and commit)");
        }

        return lines;
    }

    /// <summary>Coarse on purpose: a header that changes once a minute costs a slow line nothing.</summary>
    public static string Uptime(long seconds) => seconds switch
    {
        < 60 => "<1m",
        < 3600 => $"{seconds / 60}m",
        < 86400 => $"{seconds / 3600}h{seconds % 3600 / 60:00}m",
        _ => $"{seconds / 86400}d{seconds % 86400 / 3600:00}h",
    };
}
