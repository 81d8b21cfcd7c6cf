using Appliance.Config;
using Appliance.Linux.Netlink;
using Appliance.Supervisor.Configuration;

namespace Appliance.Supervisor;

/// <summary>
/// The start of the supervisor's life: an unconfirmed change that must roll back (before any VRRP instance runs),
/// the choice of configuration (<see cref="BootPolicy"/>), and the checks that can be made before anything starts.
/// </summary>
public sealed partial class SupervisorHost
{
    private BootDecision DecideBoot(ConfigStore store, ConfigEnvironment environment, bool pid1, List<string> notes)
    {
        ResolvePendingChange(store, notes);
        var decision = BootPolicy.Decide(pid1, store.Exists ? store.Read() : null, store.ReadLastGood(), environment);
        foreach (var diagnostic in decision.Diagnostics)
        {
            Console.Error.WriteLine(diagnostic.Format(_options.ConfigPath));
            notes.Add(diagnostic.Format(_options.ConfigPath));
        }

        if (decision.Choice == BootChoice.FirstBoot)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(store.Path)!);
            store.WriteAtomic(FactoryDefaults.Text);
            notes.Add($"{decision.Reason} ({store.Path})");
        }

        if (decision.KeepRejected)
        {
            // The operator's file stays as it is; the copy survives their next edit, for the record.
            store.KeepRejected();
        }

        if (decision.Choice is BootChoice.LastGood or BootChoice.SafeMode)
        {
            Console.Out.WriteLine($"appliance: {store.Path}: {decision.Reason}");
        }

        return decision;
    }

    /// <summary>
    /// A commit-confirmed change found on the data partition: rolled back now, before anything starts, unless the
    /// supervisor that made it stopped in an orderly way in this same boot and its deadline has not passed.
    /// </summary>
    private void ResolvePendingChange(ConfigStore store, List<string> notes)
    {
        var pending = store.ReadPending(out var damage);
        if (damage is not null)
        {
            // Nothing to go back to that can be trusted: the file in force stays, and the damaged record goes.
            Console.Out.WriteLine($"appliance: the pending change is unreadable ({damage}); it is removed and the file stays");
            notes.Add($"pending change removed: {damage}");
            store.ClearPending();
            return;
        }

        switch (_window.Handle(DateTimeOffset.UtcNow, new ConfirmInput.Found(pending, _bootId)))
        {
            case ConfirmAction.RollBack back:
                store.WriteAtomic(back.PreviousText, keepLastGood: false);
                store.ClearPending();
                Console.Out.WriteLine($"appliance: configuration rolled back before start: {back.Reason}");
                notes.Add($"configuration rolled back before start: {back.Reason}");
                break;
            case ConfirmAction.Persist resumed:
                store.WritePending(resumed.Pending);
                notes.Add(resumed.Note!);
                break;
        }
    }

    /// <summary>An orderly stop keeps an unconfirmed change's window for the next start in this boot (a service restart).</summary>
    private void KeepConfirmWindow()
    {
        if (_window.Handle(DateTimeOffset.UtcNow, new ConfirmInput.OrderlyStop()) is ConfirmAction.Persist keep)
        {
            try
            {
                _store!.WritePending(keep.Pending);
                _log.Information("{Note}", keep.Note);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _log.Warning("could not keep the confirmation window ({Error}); the next start rolls the change back", e.Message);
            }
        }
    }

    /// <summary>state_dir must be a directory we can write (a state_dir on the read-only root is not), said before anything binds there.</summary>
    private static void PrepareStateDirectory(string stateDir)
    {
        var probe = Path.Combine(stateDir, $".write-test.{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(stateDir);
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"state_dir {stateDir} is not writable: {e.Message}");
        }
    }

    /// <summary>A managed link that appeared after start gets its addresses and routes now.</summary>
    private void OnLinkAppeared(LinkInfo link)
    {
        if (_config.FindInterface(link.Name) is { Manage: true })
        {
            foreach (var line in Init.ManagedInterfaces.Apply(_netlink!, _config))
            {
                _log.Information("init: {What}", line);
            }
        }
    }

    private static string? TryRead(ConfigStore store)
    {
        try
        {
            return store.Exists ? store.Read() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>This boot's id: a pending change made in another boot means the machine restarted inside its window.</summary>
    private static string ReadBootId()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}

/// <summary>A start-up precondition that does not hold, in words for the operator.</summary>
internal sealed class StartupException(string message) : Exception(message);
