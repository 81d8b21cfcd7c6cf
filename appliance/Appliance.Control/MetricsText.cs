using System.Globalization;
using System.Text;

namespace Appliance.Control;

/// <summary>
/// The status report in the Prometheus text exposition format (version 0.0.4): every figure of
/// <c>appliance status --json</c> as an <c>appliance_</c> metric, counters with <c>_total</c>, times in seconds
/// (Prometheus naming conventions). A pure function of the report, so what a scrape says and what status says cannot
/// differ. docs/status.md lists every metric.
/// </summary>
public static class MetricsText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Every state an instance can be in, so a dashboard sees a 0 for the states it is not in.</summary>
    public static readonly string[] VrrpStates = ["initialize", "backup", "master", "fault", "releasing"];

    public static string Render(StatusReport status)
    {
        var m = new Writer();
        m.Family("appliance_info", "gauge", "Constant 1, labelled with the version and host name.");
        m.Sample("appliance_info", 1, ("version", status.Version), ("hostname", status.Hostname));
        m.Gauge("appliance_uptime_seconds", "Seconds since the supervisor started.", status.UptimeS);
        m.Gauge("appliance_safe_mode", "1 while the box runs in safe mode (no configuration could be used).", status.SafeMode is null ? 0 : 1);
        m.Gauge("appliance_config_rejected", "1 while the configuration file was refused at boot and the last good one runs.", status.ConfigRejected is null ? 0 : 1);
        m.Gauge("appliance_commit_pending", "1 while a commit-confirmed change waits for its confirmation.", status.PendingCommit is null ? 0 : 1);

        var vrrp = status.Vrrp;
        m.Family("appliance_vrrp_state", "gauge", "1 for the state the instance is in, 0 for the others.");
        foreach (var v in vrrp)
        {
            foreach (var state in VrrpStates)
            {
                m.Sample("appliance_vrrp_state", v.State == state ? 1 : 0, ("instance", v.Name), ("state", state));
            }
        }

        PerInstance(m, vrrp, "appliance_vrrp_priority", "gauge", "Configured priority.", v => v.Priority);
        PerInstance(m, vrrp, "appliance_vrrp_effective_priority", "gauge", "Priority advertised now, after tracked objects.", v => v.EffectivePriority);
        PerInstance(m, vrrp, "appliance_vrrp_transitions_total", "counter", "Changes of state.", v => v.Transitions);
        PerInstance(m, vrrp, "appliance_vrrp_became_master_total", "counter", "Times the instance became master.", v => v.Counters.BecameMaster);
        PerInstance(m, vrrp, "appliance_vrrp_adverts_sent_total", "counter", "Advertisements sent.", v => v.Counters.Sent);
        PerInstance(m, vrrp, "appliance_vrrp_adverts_received_total", "counter", "Valid advertisements received.", v => v.Counters.Received);
        PerInstance(m, vrrp, "appliance_vrrp_send_errors_total", "counter", "Advertisements the kernel refused to send.", v => v.Counters.SendErrors);
        PerInstance(m, vrrp, "appliance_vrrp_address_list_mismatches_total", "counter", "Advertisements whose address list differs from ours (RFC 9568 6.4.3).", v => v.Counters.AddressListMismatches);
        PerInstance(m, vrrp, "appliance_vrrp_interval_out_of_bounds_total", "counter", "Advertisements whose interval was above what a backup adopts.", v => v.Counters.IntervalOutOfBounds);

        m.Family("appliance_vrrp_last_transition_timestamp_seconds", "gauge", "When the last change of state happened (Unix time).");
        foreach (var v in vrrp)
        {
            if (v.LastTransition?.At is { } at && DateTime.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var when))
            {
                m.Sample("appliance_vrrp_last_transition_timestamp_seconds", Math.Round((when - DateTime.UnixEpoch).TotalSeconds, 3), ("instance", v.Name));
            }
        }

        m.Family("appliance_vrrp_adverts_dropped_total", "counter", "Advertisements dropped, by reason.");
        foreach (var v in vrrp)
        {
            foreach (var (reason, count) in v.Counters.Dropped)
            {
                m.Sample("appliance_vrrp_adverts_dropped_total", count, ("instance", v.Name), ("reason", reason));
            }
        }

        m.Family("appliance_vrrp_tracked_down", "gauge", "1 for each tracked object that is down now.");
        foreach (var v in vrrp)
        {
            foreach (var tracked in v.TrackedDown)
            {
                m.Sample("appliance_vrrp_tracked_down", 1, ("instance", v.Name), ("tracked", tracked));
            }
        }

        m.Family("appliance_unattributed_dropped_total", "counter", "Packets dropped before an instance could be named (another VRID, malformed), by reason.");
        foreach (var u in status.Unattributed)
        {
            foreach (var (reason, count) in u.Dropped)
            {
                m.Sample("appliance_unattributed_dropped_total", count, ("interface", u.Interface), ("family", u.Family), ("reason", reason));
            }
        }

        m.Family("appliance_service_up", "gauge", "1 when the supervised service answers its health probe.");
        foreach (var s in status.Services)
        {
            m.Sample("appliance_service_up", s.Healthy ? 1 : 0, ("service", s.Name));
        }

        m.Family("appliance_service_state", "gauge", "1, labelled with the state the service is in.");
        foreach (var s in status.Services)
        {
            m.Sample("appliance_service_state", 1, ("service", s.Name), ("state", s.State));
        }

        m.Family("appliance_service_restarts_total", "counter", "Starts of the service after the first.");
        foreach (var s in status.Services)
        {
            m.Sample("appliance_service_restarts_total", s.Restarts, ("service", s.Name));
        }

        m.Family("appliance_service_output_lines_dropped_total", "counter", "Lines of the service's output dropped by the rate limit.");
        foreach (var s in status.Services)
        {
            m.Sample("appliance_service_output_lines_dropped_total", s.OutputLinesDropped, ("service", s.Name));
        }

        m.Counter("appliance_child_output_lines_dropped_total", "Lines of every child's output dropped by the rate limit.", status.ChildOutputLinesDropped);

        m.Family("appliance_check_up", "gauge", "1 while the health check is up.");
        foreach (var c in status.Checks)
        {
            m.Sample("appliance_check_up", c.State == "up" ? 1 : 0, ("check", c.Name), ("type", c.Type));
        }

        PerCheck(m, status.Checks, "appliance_check_successes_total", "Probes that succeeded.", c => c.Successes);
        PerCheck(m, status.Checks, "appliance_check_failures_total", "Probes that failed (timed out ones included).", c => c.Failures);
        PerCheck(m, status.Checks, "appliance_check_timeouts_total", "Probes that ran past their timeout.", c => c.TimedOut);
        PerCheck(m, status.Checks, "appliance_check_transitions_total", "Changes between up and down.", c => c.Transitions);

        m.Family("appliance_anycast_announced", "gauge", "1 while the [anycast:NAME] group is announced over BGP.");
        foreach (var a in status.Anycast)
        {
            m.Sample("appliance_anycast_announced", a.Announced ? 1 : 0, ("group", a.Name));
        }

        m.Family("appliance_anycast_transitions_total", "counter", "Changes between announced and withdrawn.");
        foreach (var a in status.Anycast)
        {
            m.Sample("appliance_anycast_transitions_total", a.Transitions, ("group", a.Name));
        }

        m.Family("appliance_bgp_session_established", "gauge", "1 while BIRD's BGP session with the neighbour is established.");
        foreach (var b in status.Bgp)
        {
            m.Sample("appliance_bgp_session_established", b.State == "Established" ? 1 : 0, ("neighbor", b.Neighbor));
        }

        if (status.Hooks is { } hooks)
        {
            m.Counter("appliance_hooks_started_total", "State-change hooks started.", hooks.Started);
            m.Counter("appliance_hook_failures_total", "Hooks that could not start or ended in failure.", hooks.Failed);
            m.Counter("appliance_hooks_timed_out_total", "Hooks killed at their timeout.", hooks.TimedOut);
            m.Counter("appliance_hooks_dropped_total", "Hooks dropped from a full queue.", hooks.Dropped);
        }

        m.Family("appliance_log_lines_total", "counter", "Log lines a sink took into its queue.");
        foreach (var sink in status.LogSinks)
        {
            m.Sample("appliance_log_lines_total", sink.Accepted, ("sink", sink.Name));
        }

        m.Family("appliance_log_lines_dropped_total", "counter", "Log lines a sink dropped (queue full).");
        foreach (var sink in status.LogSinks)
        {
            m.Sample("appliance_log_lines_dropped_total", sink.Dropped, ("sink", sink.Name));
        }

        return m.ToString();
    }

    private static void PerInstance(Writer m, IReadOnlyList<VrrpStatus> vrrp, string name, string type, string help, Func<VrrpStatus, double> value)
    {
        m.Family(name, type, help);
        foreach (var v in vrrp)
        {
            m.Sample(name, value(v), ("instance", v.Name));
        }
    }

    private static void PerCheck(Writer m, IReadOnlyList<CheckStatus> checks, string name, string help, Func<CheckStatus, double> value)
    {
        m.Family(name, "counter", help);
        foreach (var c in checks)
        {
            m.Sample(name, value(c), ("check", c.Name));
        }
    }

    private sealed class Writer
    {
        private readonly StringBuilder _text = new();

        public void Family(string name, string type, string help) =>
            _text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
                .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

        public void Gauge(string name, string help, double value)
        {
            Family(name, "gauge", help);
            Sample(name, value);
        }

        public void Counter(string name, string help, double value)
        {
            Family(name, "counter", help);
            Sample(name, value);
        }

        public void Sample(string name, double value, params (string Name, string Value)[] labels)
        {
            _text.Append(name);
            if (labels.Length > 0)
            {
                _text.Append('{');
                for (var i = 0; i < labels.Length; i++)
                {
                    _text.Append(i == 0 ? "" : ",").Append(labels[i].Name).Append("=\"").Append(Escape(labels[i].Value)).Append('"');
                }

                _text.Append('}');
            }

            _text.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        public override string ToString() => _text.ToString();

        // Exposition format: in label values, backslash, double quote and line feed are escaped.
        private static string Escape(string value) =>
            value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }
}
