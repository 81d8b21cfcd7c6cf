namespace Appliance.Lab;

/// <summary>A network namespace of the lab, named so that a later run can recognise and remove it after a crash.</summary>
public sealed class NetworkNamespace
{
    public NetworkNamespace(string name)
    {
        Name = name;
    }

    public string Name { get; }

    public static NetworkNamespace Create(string name)
    {
        Shell.Run("ip", "netns", "add", name);
        var ns = new NetworkNamespace(name);
        ns.Ip("link", "set", "lo", "up");
        return ns;
    }

    public string Ip(params string[] args) => Shell.Run("ip", ["-n", Name, .. args]);

    public string Exec(params string[] args) => Shell.Run("ip", ["netns", "exec", Name, .. args]);

    public ShellResult TryExec(TimeSpan timeout, params string[] args) => Shell.TryRun(timeout, "ip", ["netns", "exec", Name, .. args]);

    /// <summary>Kills whatever still runs inside (only our own processes live in our namespaces) and deletes it.</summary>
    public void Delete()
    {
        foreach (var pid in Pids())
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
            catch (InvalidOperationException)
            {
                // Exited between the listing and the kill.
            }
        }

        Shell.TryRun(TimeSpan.FromSeconds(10), "ip", "netns", "del", Name);
    }

    public IReadOnlyList<int> Pids()
    {
        var result = Shell.TryRun(TimeSpan.FromSeconds(10), "ip", "netns", "pids", Name);
        return result.ExitCode != 0
            ? []
            : result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
    }

    public override string ToString() => Name;
}
