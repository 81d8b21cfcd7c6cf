namespace Appliance.Control;

/// <summary>
/// <c>appliance status --check</c>: one verdict for monitoring plugins (Nagios/Icinga convention: exit 0 healthy,
/// 1 not, one line saying why). Healthy means what the box is for works: every VRRP instance is master or backup,
/// every supervised service and health check is healthy, and the configuration in force is the one on disk.
/// </summary>
public static class StatusCheck
{
    public static (bool Healthy, string Line) Evaluate(StatusReport status)
    {
        var problems = new List<string>();
        if (status.SafeMode is { } safe)
        {
            problems.Add($"safe mode: {safe}");
        }

        if (status.ConfigRejected is { } rejected)
        {
            problems.Add($"configuration refused at boot, the last good one runs: {rejected}");
        }

        foreach (var v in status.Vrrp)
        {
            if (v.State is not ("master" or "backup"))
            {
                var why = v.Problem ?? (v.TrackedDown.Count > 0 ? $"tracked down: {string.Join(", ", v.TrackedDown)}" : v.LastTransition?.Reason);
                problems.Add(why is null ? $"vrrp {v.Name} is {v.State}" : $"vrrp {v.Name} is {v.State} ({why})");
            }
        }

        foreach (var s in status.Services)
        {
            if (s.State != "disabled" && !s.Healthy)
            {
                problems.Add(s.Detail is null ? $"{s.Name} is {s.State}, not healthy" : $"{s.Name} is {s.State}, not healthy ({s.Detail})");
            }
        }

        foreach (var c in status.Checks)
        {
            if (c.State != "up")
            {
                problems.Add(c.LastResult is null ? $"check {c.Name} is {c.State}" : $"check {c.Name} is {c.State} ({c.LastResult})");
            }
        }

        if (problems.Count > 0)
        {
            return (false, $"NOT OK: {string.Join("; ", problems)}");
        }

        var instances = status.Vrrp.Select(v => $"{v.Name} {v.State}");
        var services = status.Services.Where(s => s.State != "disabled").Select(s => $"{s.Name} healthy");
        var checks = status.Checks.Select(c => $"check {c.Name} up");
        var summary = string.Join(", ", instances.Concat(services).Concat(checks));
        return (true, summary.Length == 0 ? "OK: nothing configured" : $"OK: {summary}");
    }
}
