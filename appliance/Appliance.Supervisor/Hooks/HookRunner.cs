using Appliance.Config;
using Appliance.Linux.Events;
using Appliance.Linux.Processes;
using Appliance.Supervisor.Processes;
using Appliance.Vrrp.Router;
using Serilog;

namespace Appliance.Supervisor.Hooks;

/// <summary>
/// Runs <c>[hooks]</c> commands on state changes, through <c>/bin/sh -c</c>, with APPLIANCE_INSTANCE,
/// APPLIANCE_STATE, APPLIANCE_PREVIOUS_STATE, APPLIANCE_VRID and APPLIANCE_REASON in the environment. A hook never
/// delays VRRP: it is spawned and watched from the event loop. Per instance, hooks run one after the other, in the
/// order of the transitions, and each is killed (its whole process group) at the timeout.
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

    /// <summary>Hooks that could not start or ended with a failure (a non-zero exit, a signal, the timeout's kill).</summary>
    public long Failed { get; private set; }

    public bool Idle => _running.Count == 0 && _queues.Values.All(q => q.Count == 0);

    public void Reconfigure(HooksOptions options) => _options = options;

    public void OnTransition(string instance, byte vrid, VirtualRouterState from, VirtualRouterState to, string reason)
    {
        var command = to switch
        {
            VirtualRouterState.Master => _options.OnMaster,
            VirtualRouterState.Backup => _options.OnBackup,
            VirtualRouterState.Fault => _options.OnFault,
            _ => null,
        };
        if (string.IsNullOrWhiteSpace(command))
        {
            return;
        }

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

        queue.Enqueue(new PendingHook(command, instance, vrid, StateName(from), StateName(to), reason));
        RunNext(instance);
    }

    private void RunNext(string instance)
    {
        if (_running.ContainsKey(instance) || !_queues.TryGetValue(instance, out var queue) || !queue.TryDequeue(out var hook))
        {
            return;
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ["APPLIANCE_INSTANCE"] = hook.Instance,
            ["APPLIANCE_VRID"] = hook.Vrid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["APPLIANCE_STATE"] = hook.State,
            ["APPLIANCE_PREVIOUS_STATE"] = hook.Previous,
            ["APPLIANCE_REASON"] = hook.Reason,
        };
        var label = $"hook on_{hook.State} {hook.Instance}";
        HostedChild child;
        try
        {
            child = _processes.Start(
                new SpawnOptions { File = Shell, Arguments = ["-c", hook.Command], Environment = environment, NewProcessGroup = true },
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

    private sealed record PendingHook(string Command, string Instance, byte Vrid, string Previous, string State, string Reason);
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
