using Appliance.Config;
using Appliance.Linux.Events;
using Appliance.Linux.Processes;
using Appliance.Supervisor.Hooks;
using Appliance.Supervisor.Processes;

namespace Appliance.Supervisor.Services;

/// <summary>
/// The listening sockets the supervisor holds for nginx (<c>[nginx] listen</c>): opened before the first nginx,
/// handed to every nginx it starts, never closed by an nginx's death. A changed set is applied make before break.
/// </summary>
internal sealed partial class NginxService
{
    private readonly HeldListeners _held = new();
    private HostedChild? _outgoing;
    private IReadOnlyList<NginxListen> _closeAfterHandover = [];
    private bool _adoptionChecked = true;

    /// <summary>The sockets held now (for status and tests).</summary>
    public IReadOnlyList<NginxListen> HeldListen => _held.Handed;

    /// <summary>Closes what the plan drops, opens what it adds, applies the backlog: for when no nginx holds copies.</summary>
    private void OpenHeld(ListenPlan plan)
    {
        _held.Close(plan.Close);
        TryOpen(plan);
        _held.Hand(plan.Wanted, _options.ListenBacklog);
    }

    /// <summary>Opens the plan's new sockets and sets the backlog; false (and nothing new left open) when one fails.</summary>
    private bool TryOpen(ListenPlan plan)
    {
        try
        {
            _held.Open(plan.Open, _options.ListenBacklog);
            if (plan.Relisten)
            {
                _held.Relisten(_options.ListenBacklog);
            }

            return true;
        }
        catch (Linux.SystemCallException e)
        {
            LastError = $"cannot hold nginx's listening socket: {e.Message}";
            _log.Error("nginx: {Error}; nginx binds that address itself and a crash refuses connections to it", LastError);
            return false;
        }
    }

    /// <summary>A live change of <c>listen</c> or <c>listen_backlog</c>; returns what was done, for the operator.</summary>
    private IEnumerable<string> ApplyListen(NginxOptions options)
    {
        var running = _child is not null && _outgoing is null && State is not NginxState.Stopping;
        var plan = ListenPlan.Between(_held.Handed, _held.Backlog, options.Listen, options.ListenBacklog, running);
        if (plan.IsEmpty)
        {
            return [];
        }

        _log.Information("nginx: held listen set changes: {Plan}", plan.ToString());
        switch (plan.Handover)
        {
            case ListenHandover.HandOver:
                if (!TryOpen(plan))
                {
                    _held.Close(plan.Open);
                    return [$"nginx: the new listen set was not applied: {LastError}"];
                }

                HandOver(plan);
                return [$"nginx: listen set changing ({plan})"];
            case ListenHandover.Restart:
                Restart(_ => { }, () => OpenHeld(plan));
                return [$"nginx: restarting for the new listen set ({plan})"];
            default:
                OpenHeld(plan);
                return [$"nginx: listen set applied ({plan})"];
        }
    }

    /// <summary>
    /// The new sockets are open; after the <c>nginx -t</c> gate a new nginx master starts with the new set while the
    /// old one quits gracefully (it stops accepting at once and finishes its requests). Both accept from the sockets
    /// they share meanwhile; the dropped sockets close when the old master is gone.
    /// </summary>
    private void HandOver(ListenPlan plan)
    {
        TestConfiguration(
            () =>
            {
                if (_child is not { } old || _stopping || _outgoing is not null)
                {
                    // nginx went away meanwhile: its next start takes the new set as it is.
                    OpenHeld(plan);
                    return;
                }

                _held.Hand(plan.Wanted, _options.ListenBacklog);
                _outgoing = old;
                _closeAfterHandover = plan.Close;
                _child = null;
                StartProcess("listen set changed: a new nginx takes over, the old one finishes its requests");
                old.Process.Signal(Signals.SIGQUIT);
                _outgoingTimer.Set(EventLoop.Now + _options.StopTimeout);
            },
            (why, _) =>
            {
                _held.Close(plan.Open);
                _log.Error("nginx: the new listen set was not applied, nginx keeps the old one: {Error}", LastError ?? why);
            });
    }

    private void FinishHandOver(HostedChild old, ChildExit exit)
    {
        old.Process.SignalGroup(Signals.SIGKILL);
        _outgoing = null;
        _outgoingTimer.Set(null);
        _held.Close(_closeAfterHandover);
        _log.Information("nginx: the old master (pid {Pid}) is gone ({Exit}); closed {Closed}", old.Pid, exit.ToString(),
            _closeAfterHandover.Count == 0 ? "no socket" : string.Join(", ", _closeAfterHandover));
        _closeAfterHandover = [];
    }

    private void OutgoingDeadline()
    {
        if (_outgoing is { } old)
        {
            _log.Warning("the old nginx did not finish within {Timeout} s; killing its process group", (int)_options.StopTimeout.TotalSeconds);
            old.Process.SignalGroup(Signals.SIGKILL);
        }
    }

    /// <summary>
    /// Once per start, when nginx first answers: a held socket that nginx closed (no <c>listen</c> of its
    /// configuration matches it) would queue connections that nobody accepts. Say so; the operator fixes either list.
    /// </summary>
    private void CheckAdoption()
    {
        if (_adoptionChecked || _child is null)
        {
            return;
        }

        _adoptionChecked = true;
        var orphans = _held.NotAdoptedBy(_child.Pid);
        if (orphans.Count > 0)
        {
            LastError = $"nginx does not listen on held socket(s) {string.Join(", ", orphans)}: add a matching listen directive to nginx's configuration or remove them from [nginx] listen";
            _log.Warning("nginx: {Error}", LastError);
        }
    }

    /// <summary>Our environment with <c>NGINX=3;4;...;</c> for the held sockets (and without a stray NGINX of our own).</summary>
    private Dictionary<string, string> NginxEnvironment()
    {
        var environment = ChildProcess.CurrentEnvironment();
        environment.Remove(HeldListeners.Variable);
        if (_held.Handed.Count > 0)
        {
            environment[HeldListeners.Variable] = _held.VariableValue;
        }

        return environment;
    }
}
