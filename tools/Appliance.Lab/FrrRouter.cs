using System.Globalization;
using System.Net;

namespace Appliance.Lab;

/// <summary>
/// FRR's zebra, bfdd and bgpd in a namespace of the lab, started directly (not through systemd) with their own
/// configuration directory, pid files and vty sockets: each daemon runs in a private mount namespace where the lab's
/// directories are bound over /run/frr and /var/tmp, so nothing of the host's FRR is touched. One peer group for
/// the boxes with BFD (a profile at the lab's interval) and ECMP over up to 16 paths.
/// </summary>
public sealed class FrrRouter : IDisposable
{
    private readonly List<LabProcess> _daemons = [];

    private FrrRouter(NetworkNamespace ns, string directory)
    {
        Namespace = ns;
        Directory = directory;
    }

    public NetworkNamespace Namespace { get; }

    public string Directory { get; }

    public string RunDirectory => Path.Combine(Directory, "run");

    public static FrrRouter Start(NetworkNamespace ns, string directory, uint localAs, uint boxAs, IPAddress routerId, IReadOnlyList<IPAddress> boxes, TimeSpan bfdInterval)
    {
        var router = new FrrRouter(ns, directory);
        try
        {
            router.Run(localAs, boxAs, routerId, boxes, bfdInterval);
        }
        catch
        {
            router.Dispose();
            throw;
        }

        return router;
    }

    private void Run(uint localAs, uint boxAs, IPAddress routerId, IReadOnlyList<IPAddress> boxes, TimeSpan bfdInterval)
    {
        var etc = Path.Combine(Directory, "etc");
        foreach (var dir in new[] { etc, RunDirectory, Path.Combine(Directory, "vartmp") })
        {
            System.IO.Directory.CreateDirectory(dir);
        }

        var ms = ((int)bfdInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(Path.Combine(etc, "zebra.conf"), "hostname rt\n");
        File.WriteAllText(Path.Combine(etc, "bfdd.conf"), $"""
            bfd
             profile boxes
              transmit-interval {ms}
              receive-interval {ms}
              detect-multiplier 3
             exit
            exit

            """);
        var neighbors = string.Concat(boxes.Select(b => $" neighbor {b} peer-group boxes\n"));
        File.WriteAllText(Path.Combine(etc, "bgpd.conf"), $"""
            router bgp {localAs}
             bgp router-id {routerId}
             no bgp ebgp-requires-policy
             neighbor boxes peer-group
             neighbor boxes remote-as {boxAs}
             neighbor boxes bfd
             neighbor boxes bfd profile boxes
             neighbor boxes update-source {routerId}
             neighbor boxes timers connect 1
            {neighbors} address-family ipv4 unicast
              maximum-paths 16
             exit-address-family
            exit

            """);

        // The daemons drop to user frr: their files must be theirs. /run/frr is only the mount point.
        Cmd.Run("chown", "-R", "frr:frr", Directory);
        System.IO.Directory.CreateDirectory("/run/frr");
        Daemon("zebra", Path.Combine(RunDirectory, "zserv.api"));
        Daemon("bfdd", Path.Combine(RunDirectory, "bfdd.vty"), $"--bfdctl {Path.Combine(RunDirectory, "bfdd.sock")}");
        Daemon("bgpd", Path.Combine(RunDirectory, "bgpd.vty"));
    }

    private void Daemon(string name, string readyFile, string extra = "")
    {
        var run = RunDirectory;
        var script = $"mount --bind {run} /run/frr && mount --bind {Path.Combine(Directory, "vartmp")} /var/tmp && " +
            $"exec /usr/lib/frr/{name} -P 0 -f {Path.Combine(Directory, "etc", name + ".conf")} -i {Path.Combine(run, name + ".pid")} " +
            $"-z {Path.Combine(run, "zserv.api")} --vty_socket {run} {extra}";
        var process = LabProcess.Start($"rt/{name}", Namespace, Path.Combine(Directory, name + ".log"), "unshare", ["--mount", "sh", "-c", script]);
        _daemons.Add(process);
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!File.Exists(readyFile))
        {
            if (process.HasExited || DateTime.UtcNow > until)
            {
                throw new InvalidOperationException($"FRR {name} did not start:\n{process.Log()}");
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>vtysh -c COMMAND on this router's daemons.</summary>
    public string Vtysh(string command) =>
        Namespace.Exec("vtysh", "--vty_socket", RunDirectory, "-c", command).StandardOutput;

    /// <summary>Every daemon's log, for a failing test's output.</summary>
    public string Logs() => string.Join("\n", _daemons.Select(d => $"--- {d.Name}\n{d.Log()}"));

    public void Dispose()
    {
        foreach (var daemon in _daemons)
        {
            daemon.Dispose();
        }

        _daemons.Clear();
    }
}
