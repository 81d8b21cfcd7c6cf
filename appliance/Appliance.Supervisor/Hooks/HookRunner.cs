using Appliance.Config;
using Appliance.Linux.Events;
using Appliance.Linux.Processes;
using Appliance.Supervisor.Processes;
using Appliance.Vrrp.Router;
using Serilog;

namespace Appliance.Supervisor.Hooks;

/// <summary>
/// Runs <c>[hooks]</c> commands on state changes, through <c>/bin/sh -c</c>, and an instance's keepalived-style
/// notify programs (<c>notify_master</c>, ..., then <c>notify</c> with INSTANCE NAME STATE PRIORITY appended) without a
/// shell; all with APPLIANCE_INSTANCE, APPLIANCE_STATE, APPLIANCE_PREVIOUS_STATE, APPLIANCE_VRID and APPLIANCE_REASON
/// in the environment. A hook never delays VRRP: it is spawned and watched from the event loop. Per instance, hooks
/// run one after the other, in the order of the transitions, and each is killed (its whole process group) at the
/// timeout; failures (an exit other than 0, a signal, the timeout) are counted for status.
/// </summary>
internal sealed class HookRunner
{
    private const int MaxQueued = 16;
    private const string Shell = "/bin/sh";
    private readonly EventLoop _loop;
    private readonly ProcessHost _processes;
    private readonly ILogger _log;
    private readonly Dictionary<string, Queue<PendingHook>> _queues = [];
    private readonly Dictionary<string, HostedChild> _running = [];
    private HooksOptions _options;

    public HookRunner(EventLoop loop, ProcessHost processes, ILogger log, HooksOptions options)
    {
        _loop = loop;
        _processes = processes;
        _log = log;
        _options = options;
    }

    public long Started { get; private set; }

    public long TimedOut { get; private set; }

    public long Dropped { get; private set; }

    /// <summary>Hooks that exited non-zero, died of a signal (the timeout's kill included) or could not start.</summary>
    public long Failed { get; private set; }

    public bool Idle => _running.Count == 0 && _queues.Values.All(q => q.Count == 0);

    public void Reconfigure(HooksOptions options) => _options = options;

    public void OnTransition(string instance, byte vrid, VirtualRouterState from, VirtualRouterState to, string reason, NotifyPrograms? notify = null, int priority = 0)
    {
        var command = to switch
        {
            VirtualRouterState.Master => _options.OnMaster,
            VirtualRouterState.Backup => _options.OnBackup,
            VirtualRouterState.Fault => _options.OnFault,
            _ => null,
        };
        var environment = Environment(instance, vrid, StateName(from), StateName(to), reason);
        if (!string.IsNullOrWhiteSpace(command))
        {
            Enqueue(instance, new PendingHook($"hook on_{StateName(to)} {instance}", Shell, ["-c", command], environment));
        }

        // keepalived's order: the state's own script, then the generic one with the four arguments.
        var keepalivedState = to switch
        {
            VirtualRouterState.Master => "MASTER",
            VirtualRouterState.Backup => "BACKUP",
            VirtualRouterState.Fault => "FAULT",
            VirtualRouterState.Initialize => "STOP",
            _ => null,
        };
        if (notify is null || keepalivedState is null)
        {
            return;
        }

        var own = keepalivedState switch { "MASTER" => notify.Master, "BACKUP" => notify.Backup, "FAULT" => notify.Fault, _ => notify.Stop };
        if (own.Count > 0)
        {
            Enqueue(instance, new PendingHook($"notify_{keepalivedState.ToLowerInvariant()} {instance}", own[0], own.Skip(1).ToArray(), environment));
        }

        if (notify.Any.Count > 0)
        {
            var arguments = notify.Any.Skip(1).Concat(["INSTANCE", instance, keepalivedState, priority.ToString(System.Globalization.CultureInfo.InvariantCulture)]).ToArray();
            Enqueue(instance, new PendingHook($"notify {instance} {keepalivedState}", notify.Any[0], arguments, environment));
        }
    }

    private void Enqueue(string instance, PendingHook hook)
    {
        if (!_queues.TryGetValue(instance, out var queue))
        {
            _queues[instance] = queue = new Queue<PendingHook>();
        }

        if (queue.Count >= MaxQueued)
        {
            // A flapping instance must not pile up hooks without bound: the oldest waiting one goes.
            queue.Dequeue();
            Dropped++;
            _log.Warning("hook queue of {Instance} is full; dropped the oldest waiting hook", instance);
        }

        queue.Enqueue(hook);
        RunNext(instance);
    }

    private static Dictionary<string, string> Environment(string instance, byte vrid, string previous, string state, string reason) => new(StringComparer.Ordinal)
    {
        ["PATH"] = ChildPath.Search,
        ["APPLIANCE_INSTANCE"] = instance,
        ["APPLIANCE_VRID"] = vrid.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["APPLIANCE_STATE"] = state,
        ["APPLIANCE_PREVIOUS_STATE"] = previous,
        ["APPLIANCE_REASON"] = reason,
    };

    private void RunNext(string instance)
    {
        if (_running.ContainsKey(instance) || !_queues.TryGetValue(instance, out var queue) || !queue.TryDequeue(out var hook))
        {
            return;
        }

        var label = hook.Label;
        HostedChild child;
        try
        {
            child = _processes.Start(
                new SpawnOptions { File = hook.File, Arguments = hook.Arguments, Environment = hook.Environment, NewProcessGroup = true, WorkingDirectory = "/" },
                label,
                (finished, exit) => OnHookExit(instance, label, finished, exit));
        }
        catch (Exception e)
        {
            Failed++;
            _log.Error("{Hook} could not start: {Error}", label, e.Message);
            RunNext(instance);
            return;
        }

        Started++;
        _running[instance] = child;
        var deadline = _loop.CreateTimer(() =>
        {
            if (_running.TryGetValue(instance, out var current) && current == child)
            {
                TimedOut++;
                _log.Warning("{Hook} ran longer than {Timeout}; killing it", label, _options.Timeout);
                child.Process.SignalGroup(Signals.SIGKILL);
            }
        });
        deadline.Set(EventLoop.Now + _options.Timeout);
    }

    private void OnHookExit(string instance, string label, HostedChild child, ChildExit exit)
    {
        _running.Remove(instance);

        // Whatever the hook left running in its group goes with it.
        child.Process.SignalGroup(Signals.SIGKILL);
        if (exit.Success)
        {
            _log.Information("{Hook} finished in {Milliseconds} ms", label, (int)(EventLoop.Now - child.Started).TotalMilliseconds);
        }
        else
        {
            Failed++;
            _log.Warning("{Hook} failed: {Exit}", label, exit.ToString());
        }

        RunNext(instance);
    }

    private static string StateName(VirtualRouterState state) => state.ToString().ToLowerInvariant();

    private sealed record PendingHook(string Label, string File, IReadOnlyList<string> Arguments, Dictionary<string, string> Environment);
}

internal static class Signals
{
    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGQUIT = 3;
    public const int SIGKILL = 9;
    public const int SIGUSR1 = 10;
    public const int SIGTERM = 15;
    public const int SIGCONT = 18;
    public const int SIGSTOP = 19;
    public const int SIGPWR = 30;
}
