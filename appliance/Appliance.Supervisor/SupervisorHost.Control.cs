using Appliance.Control;
using Appliance.Linux.Events;
using Appliance.Supervisor.Control;
using Appliance.Vrrp.Router;

namespace Appliance.Supervisor;

/// <summary>The control socket's requests, answered on the event loop.</summary>
public sealed partial class SupervisorHost
{
    private static readonly TimeSpan DefaultFailoverHold = TimeSpan.FromSeconds(300);
    private readonly Dictionary<string, List<Action<ControlResponse>>> _pendingFailovers = new(StringComparer.OrdinalIgnoreCase);
    private ControlServer? _control;
    private ControlServer? _consoleControl;

    /// <summary>Slots of the control socket, shared by every root or control-group client.</summary>
    private const int ControlSlotCount = 32;

    /// <summary>Slots of the consoles' socket: two consoles (serial and tty1), a request each, and room to spare.</summary>
    private const int ConsoleSlotCount = 4;

    private static readonly string[] Commands =
        ["status", "console.login", "log.tail", "failover", "reboot", "poweroff", "nginx.restart", "nginx.reload", "nginx.reopen", "drain", "undrain", "config.get", "config.set", "config.load", "config.commit", "config.confirm", "config.rollback", "config.factory-reset", "watchdog.test"];

    private void StartControl()
    {
        uint? statusGroup = null;
        if (_config.System.ControlGroup is { } groupName)
        {
            statusGroup = Appliance.Linux.GroupDatabase.FindGid(groupName);
            if (statusGroup is null)
            {
                _log.Warning("[system] control_group {Group}: no such group in /etc/group; the control socket answers root only", groupName);
            }
        }

        _control = new ControlServer(_loop!, ControlProtocol.SocketPath(_config.System.StateDir), ControlSlotCount, statusGroup, HandleControl, _log);
        _consoleControl = new ControlServer(_loop!, ControlProtocol.ConsoleSocketPath(_config.System.StateDir), ConsoleSlotCount, null, HandleControl, _log);
        _node!.Transition += CompleteFailovers;
    }

    /// <summary>drain withdraws an anycast group while nginx serves what the router still sends; undrain lets the policy announce it again.</summary>
    private ControlResponse Drain(string? group, bool drain)
    {
        if (_anycast is null)
        {
            return ControlResponse.Failure("there is no [bgp] section here: no anycast group to drain");
        }

        if (string.IsNullOrEmpty(group) || !_anycast.Drain(group, drain))
        {
            return ControlResponse.Failure($"no [anycast:{group}] group; the groups are {string.Join(", ", _config.Anycast.Select(a => a.Name))}");
        }

        var state = _anycast.Status().First(a => string.Equals(a.Name, group, StringComparison.OrdinalIgnoreCase));
        return new ControlResponse
        {
            Ok = true,
            Messages = [drain
                ? $"{state.Name}: withdrawn; connections that still arrive are served until the router has moved them"
                : $"{state.Name}: {(state.Announced ? "announced again" : $"no longer drained, still withdrawn: {state.Reason}")}"],
        };
    }

    private void HandleControl(ControlRequest request, Action<ControlResponse> respond)
    {
        switch (request.Command)
        {
            case "status":
                respond(new ControlResponse { Ok = true, Status = Status() });
                break;
            case "console.login":
                ConsoleLogin(request, respond);
                break;
            case "log.tail":
                var lines = Math.Clamp(request.Lines ?? 50, 1, 500);
                respond(new ControlResponse
                {
                    Ok = true,
                    Text = string.Join('\n', _logging!.Ring.Tail(lines).Select(l => $"{l.Timestamp:yyyy-MM-dd HH:mm:ss.fff} {l.Level} {l.Message}")),
                });
                break;
            case "failover":
                Failover(request, respond);
                break;
            case "reboot" or "poweroff":
                if (!Init.InitDuties.IsPid1)
                {
                    respond(ControlResponse.Failure($"appliance is not PID 1 here; {request.Command} the host with its own init"));
                    break;
                }

                _rebootRequested = request.Command == "reboot";
                respond(new ControlResponse { Ok = true, Messages = [$"{request.Command}: handing over and stopping services first"] });
                BeginShutdown($"{request.Command} requested");
                break;
            case "nginx.restart":
                _nginx!.Restart(respond);
                break;
            case "nginx.reload":
                _nginx!.Reload(respond);
                break;
            case "nginx.reopen":
                respond(_nginx!.Reopen() ? new ControlResponse { Ok = true, Messages = ["nginx reopens its logs"] } : ControlResponse.Failure("nginx is not running"));
                break;
            case "drain" or "undrain":
                respond(Drain(request.Group, request.Command == "drain"));
                break;
            case "watchdog.test":
                if (_watchdog is not { Armed: true } watchdog)
                {
                    respond(ControlResponse.Failure("no hardware watchdog is armed here ([system] watchdog); a stopped loop would stay stopped"));
                    break;
                }

                respond(new ControlResponse { Ok = true, Messages = [$"the event loop stops now; {watchdog.Path} resets the box within {watchdog.TimeoutSeconds} s"] });
                _loop!.Post(watchdog.HangLoop);
                break;
            case "config.get" or "config.set" or "config.load" or "config.commit" or "config.confirm" or "config.rollback" or "config.factory-reset":
                HandleConfig(request, respond);
                break;
            default:
                respond(ControlResponse.Failure($"unknown command '{request.Command}'; known: {string.Join(", ", Commands)}"));
                break;
        }
    }

    /// <summary>Hands mastership of an instance to the backup (make-before-break) and holds back from taking it again.</summary>
    private void Failover(ControlRequest request, Action<ControlResponse> respond)
    {
        if (request.Instance is not { Length: > 0 } name || _node!.Find(name) is not { } instance)
        {
            respond(ControlResponse.Failure(request.Instance is null
                ? "failover needs an instance name"
                : $"no VRRP instance '{request.Instance}'; instances: {string.Join(", ", _node!.Instances.Select(i => i.Name))}"));
            return;
        }

        if (instance.Router?.State != VirtualRouterState.Master)
        {
            respond(ControlResponse.Failure($"{instance.Name} is {instance.Router?.State.ToString().ToLowerInvariant() ?? "not running"} here; only its master can hand it over"));
            return;
        }

        var hold = request.HoldSeconds is { } seconds ? TimeSpan.FromSeconds(Math.Clamp(seconds, 0, 86400)) : DefaultFailoverHold;
        if (!_pendingFailovers.TryGetValue(instance.Name, out var waiting))
        {
            _pendingFailovers[instance.Name] = waiting = [];
        }

        waiting.Add(respond);
        _log.Information("{Instance}: failover requested, holding back for {Hold} s", instance.Name, (int)hold.TotalSeconds);
        foreach (var master in _node.MastersOfGroup(instance))
        {
            master.Handle(new RouterEvent.Resign(hold));
        }
    }

    private void CompleteFailovers(Vrrp.VrrpInstance instance, RouterAction.StateChanged changed)
    {
        if (changed.From != VirtualRouterState.Releasing || !_pendingFailovers.Remove(instance.Name, out var waiting))
        {
            return;
        }

        var response = changed.To == VirtualRouterState.Backup
            ? new ControlResponse { Ok = true, Messages = [$"{instance.Name} handed over: {changed.Reason}; this box holds back until {DateTime.Now + (instance.Router!.HoldUntil - EventLoop.Now):HH:mm:ss}"] }
            : ControlResponse.Failure($"{instance.Name} is now {changed.To.ToString().ToLowerInvariant()}: {changed.Reason}");
        foreach (var respond in waiting)
        {
            respond(response);
        }
    }
}
