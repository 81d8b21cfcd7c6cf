using Appliance.Config;
using Appliance.Linux.Events;
using Appliance.Linux.Processes;
using Appliance.Supervisor.Processes;
using Serilog;
using Serilog.Events;

namespace Appliance.Supervisor.Vrrp;

/// <summary>
/// The edge of Accept_Mode: puts the <see cref="AcceptFilterPlan"/> of the configuration in force through
/// <c>nft -f</c>, one run at a time, from the event loop (nft is a child like any other: VRRP never waits for it).
/// The first run at start replaces whatever an earlier supervisor left; the last, at shutdown, deletes the table.
/// </summary>
internal sealed class AcceptFilter
{
    private static readonly string[] NftLocations = ["/usr/sbin/nft", "/sbin/nft", "/usr/bin/nft"];
    private readonly ProcessHost _processes;
    private readonly ILogger _log;
    private readonly string _scriptPath;
    private readonly string? _nft;
    private AcceptFilterPlan _wanted = AcceptFilterPlan.Empty;
    private AcceptFilterPlan? _inForce;
    private bool _running;
    private bool _again;

    public AcceptFilter(ProcessHost processes, ILogger log, string stateDir, string? nft = null)
    {
        _processes = processes;
        _log = log;
        _scriptPath = Path.Combine(stateDir, "accept-mode.nft");
        _nft = nft ?? NftLocations.FirstOrDefault(File.Exists);
    }

    /// <summary>Why the wanted filter is not in force, or null.</summary>
    public string? Problem { get; private set; }

    /// <summary>No nft run is under way and the wanted plan is what the kernel has (or could not be put there).</summary>
    public bool Settled => !_running;

    /// <summary>Puts the configuration's filter in force; at start, also when it is empty (leftovers go).</summary>
    public void Apply(ApplianceConfig config)
    {
        var plan = AcceptFilterPlan.From(config);
        if (plan.Equals(_wanted) && _inForce is not null && plan.Equals(_inForce))
        {
            return;
        }

        _wanted = plan;
        Run();
    }

    /// <summary>Shutdown: the table goes, so that nothing of ours filters the box after we stop.</summary>
    public void Remove()
    {
        if (_inForce is { IsEmpty: true } && _wanted.IsEmpty)
        {
            return;
        }

        _wanted = AcceptFilterPlan.Empty;
        Run();
    }

    /// <summary>For status: what instance <paramref name="instance"/> filters, and whether it is in force.</summary>
    public string? Describe(string instance)
    {
        if (_wanted.For(instance) is not { } entry)
        {
            return null;
        }

        var state = Problem is { } problem ? $"NOT IN FORCE: {problem}"
            : _inForce is not null && _inForce.For(instance) == entry ? "in force" : "being applied";
        return $"{entry.Describe()} ({state})";
    }

    private void Run()
    {
        if (_running)
        {
            _again = true;
            return;
        }

        var plan = _wanted;
        if (_nft is null)
        {
            Fail(plan, "nft (package nftables) is not installed");
            return;
        }

        try
        {
            File.WriteAllText(_scriptPath, plan.Render());
            _running = true;
            _processes.Start(
                new SpawnOptions { File = _nft, Arguments = ["-f", _scriptPath] },
                "nft",
                (_, exit) => Finished(plan, exit),
                LogEventLevel.Warning);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Linux.SystemCallException)
        {
            _running = false;
            Fail(plan, e.Message);
        }
    }

    private void Finished(AcceptFilterPlan plan, ChildExit exit)
    {
        _running = false;
        if (exit.Success)
        {
            _inForce = plan;
            Problem = null;
            foreach (var entry in plan.Entries)
            {
                _log.Information("{Instance}: {Filter} (nftables table inet {Table})", entry.Instance, entry.Describe(), AcceptFilterPlan.Table);
            }
        }
        else
        {
            Fail(plan, $"nft {exit} (its output is in the log above)");
        }

        if (_again)
        {
            _again = false;
            if (!plan.Equals(_wanted))
            {
                Run();
            }
        }
    }

    private void Fail(AcceptFilterPlan plan, string why)
    {
        if (plan.IsEmpty)
        {
            // Nothing to enforce: a box without nftables (or a container without NET_ADMIN) has no table to clear.
            _inForce = plan;
            Problem = null;
            _log.Debug("accept mode: no table to clear: {Why}", why);
            return;
        }

        Problem = why;
        _log.Error("accept = false cannot be enforced: {Why}; traffic to the virtual addresses of {Instances} is accepted",
            why, string.Join(", ", plan.Entries.Select(e => e.Instance)));
    }
}
