using System.Text;

namespace Appliance.Control;

/// <summary>The human form of the status: fits 80 columns, no colours, no box drawing.</summary>
public static class StatusText
{
    public static string Format(StatusReport status)
    {
        var text = new StringBuilder();
        text.AppendLine($"{status.Hostname}  up {Uptime(status.UptimeS)}  appliance {status.Version}{(status.Pid1 ? "  (init)" : string.Empty)}");
        if (status.Boot is { } boot)
        {
            text.AppendLine(boot.Trial
                ? $"slot {boot.Slot} (TRIAL: confirmed slot is {boot.ConfirmedSlot}; confirmed once healthy)"
                : $"slot {boot.Slot} (confirmed)");
        }

        if (status.SafeMode is { } safe)
        {
            Wrap(text, safe.StartsWith("SAFE MODE", StringComparison.Ordinal) ? safe : $"SAFE MODE: {safe}");
            text.AppendLine("  fix it: appliance config set KEY=VALUE, appliance config load FILE, or edit and SIGHUP");
        }

        if (status.ConfigRejected is { } rejected)
        {
            Wrap(text, $"CONFIG REFUSED AT BOOT: {rejected}");
        }

        if (status.PendingCommit is { } pending)
        {
            text.AppendLine($"UNCONFIRMED CHANGE: rolls back in {pending.SecondsLeft:0} s unless confirmed");
        }

        text.AppendLine("VRRP");
        if (status.Vrrp.Count == 0)
        {
            text.AppendLine("  (no instances)");
        }

        foreach (var v in status.Vrrp)
        {
            var priority = v.Priority == v.EffectivePriority ? $"{v.Priority}" : $"{v.EffectivePriority} (of {v.Priority})";
            text.AppendLine(Cut($"  {v.Name,-8} {v.State.ToUpperInvariant(),-9} vrid {v.Vrid} on {v.Interface} v{v.Version}  prio {priority}  VIP {string.Join(' ', v.VirtualIps)}"));
            if (v.Problem is not null)
            {
                text.AppendLine(Cut($"           problem: {v.Problem}"));
            }

            if (v.MasterAddress is not null)
            {
                text.AppendLine(Cut($"           master {v.MasterAddress}"));
            }

            if (v.LastTransition is { } last)
            {
                text.AppendLine(Cut($"           {v.Transitions} transitions, last {Ago(last.AgoS)} ago: {last.From} -> {last.To}: {last.Reason}"));
            }

            var dropped = v.Counters.Dropped.Count == 0 ? "0" : $"{v.Counters.Dropped.Values.Sum()} ({string.Join(", ", v.Counters.Dropped.Select(d => $"{d.Key} {d.Value}"))})";
            var capped = v.Counters.IntervalOutOfBounds == 0 ? "" : $", interval out of bounds {v.Counters.IntervalOutOfBounds}";
            text.AppendLine(Cut($"           adverts rx {v.Counters.Received} tx {v.Counters.Sent}, dropped {dropped}{capped}"));
            if (v.AcceptFilter is not null)
            {
                text.AppendLine(Cut($"           {v.AcceptFilter}"));
            }

            if (v.TrackedDown.Count > 0)
            {
                text.AppendLine(Cut($"           tracked down: {string.Join(", ", v.TrackedDown)}"));
            }
        }

        if (status.Services.Count > 0)
        {
            text.AppendLine("Services");
            foreach (var s in status.Services)
            {
                text.AppendLine(Cut($"  {s.Name,-8} {s.State,-11}{(s.Pid is { } pid ? $" pid {pid}" : string.Empty)}  {(s.Healthy ? "healthy" : "NOT healthy")}  restarts {s.Restarts}"));
                if (s.Detail is not null)
                {
                    text.AppendLine(Cut($"           {s.Detail}"));
                }

                if (s.OutputLinesDropped > 0)
                {
                    text.AppendLine(Cut($"           output: {s.OutputLinesDropped} lines dropped (rate limit)"));
                }

                if (s.LastExit is not null)
                {
                    text.AppendLine(Cut($"           last exit: {s.LastExit}"));
                }
            }
        }

        if (status.ChildOutputLinesDropped > 0)
        {
            text.AppendLine($"children's output: {status.ChildOutputLinesDropped} lines dropped (rate limit)");
        }

        if (status.Hooks is { Started: > 0 } hooks)
        {
            text.AppendLine(Cut($"Hooks: started {hooks.Started}, failed {hooks.Failed} (timed out {hooks.TimedOut}), dropped {hooks.Dropped}"));
        }

        if (status.Checks.Count > 0)
        {
            text.AppendLine("Checks");
            foreach (var c in status.Checks)
            {
                text.AppendLine(Cut($"  {c.Name,-8} {c.State.ToUpperInvariant(),-5} {c.Type} {c.Target}  since {Ago(c.SinceS)} ago"));
                var timedOut = c.TimedOut == 0 ? "" : $" ({c.TimedOut} timed out)";
                text.AppendLine(Cut($"           ok {c.Successes} failed {c.Failures}{timedOut}, last: {c.LastResult ?? "no result yet"}"));
            }
        }

        if (status.Anycast.Count > 0 || status.Bgp.Count > 0)
        {
            text.AppendLine("Anycast");
            foreach (var a in status.Anycast)
            {
                text.AppendLine(Cut($"  {a.Name,-8} {(a.Announced ? "ANNOUNCED" : "WITHDRAWN"),-9} {string.Join(", ", a.Prefixes)}  since {Ago(a.SinceS)} ago"));
                Wrap(text, $"           {a.Reason}");
            }

            foreach (var b in status.Bgp)
            {
                text.AppendLine(Cut($"  bgp {b.Neighbor} {b.State}{(b.Bfd ? ", bfd" : "")}"));
            }
        }

        return text.ToString();
    }

    /// <summary>A reason the operator must read whole: wrapped at spaces to 79 columns, never cut.</summary>
    private static void Wrap(StringBuilder text, string line)
    {
        var indent = string.Empty;
        while (indent.Length + line.Length > 79)
        {
            var room = 79 - indent.Length;
            var at = line.LastIndexOf(' ', room);
            at = at <= 0 ? room : at;
            text.Append(indent).AppendLine(line[..at]);
            line = line[at..].TrimStart();
            indent = "  ";
        }

        text.Append(indent).AppendLine(line);
    }

    private static string Cut(string line) => line.Length <= 79 ? line : line[..76] + "...";

    private static string Uptime(long seconds) => seconds switch
    {
        < 60 => $"{seconds}s",
        < 3600 => $"{seconds / 60}m {seconds % 60}s",
        < 86400 => $"{seconds / 3600}h {seconds % 3600 / 60}m",
        _ => $"{seconds / 86400}d {seconds % 86400 / 3600}h",
    };

    private static string Ago(double seconds) => Uptime((long)seconds);
}
