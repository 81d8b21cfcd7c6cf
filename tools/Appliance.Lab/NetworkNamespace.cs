using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Appliance.Lab;

/// <summary>
/// A network namespace of our own (for a test, a lab, a benchmark): a unique name (prefix "aplt" + our process id,
/// so parallel runs and other people's namespaces never clash), commands run in it, code run on a thread that has
/// entered it, and removal of the namespace and anything still running inside on Dispose, even after a failure.
/// </summary>
public sealed partial class NetworkNamespace : IDisposable
{
    /// <summary>Every namespace of this test process starts with it.</summary>
    public static readonly string RunPrefix = $"aplt{Environment.ProcessId}-";

    private const int CloneNewNet = 0x40000000;
    private static int _counter;
    private static int _staleSwept;
    private bool _disposed;

    private NetworkNamespace(string name) => Name = name;

    public string Name { get; }

    /// <summary>The bind mount that keeps the namespace alive (what setns opens).</summary>
    public string Path => $"/run/netns/{Name}";

    /// <summary>Creates an empty namespace with its loopback up. <paramref name="purpose"/> ends up in the name.</summary>
    public static NetworkNamespace Create(string purpose = "ns")
    {
        if (Interlocked.Exchange(ref _staleSwept, 1) == 0)
        {
            RemoveStale();
        }

        var name = $"{RunPrefix}{Interlocked.Increment(ref _counter)}-{purpose}";
        Cmd.Run("ip", "netns", "add", name);
        var created = new NetworkNamespace(name);
        try
        {
            created.Ip("link", "set", "lo", "up");
            return created;
        }
        catch
        {
            created.Dispose();
            throw;
        }
    }

    /// <summary>ip -n NAME ARGS..., throwing with the full output on failure.</summary>
    public CmdResult Ip(params string[] args) => Cmd.Run("ip", ["-n", Name, .. args]);

    /// <summary>ip -j -n NAME ARGS... parsed as JSON.</summary>
    public JsonElement IpJson(params string[] args)
    {
        var output = Cmd.Run("ip", ["-j", "-n", Name, .. args]).StandardOutput;
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(output) ? "[]" : output);
        return document.RootElement.Clone();
    }

    /// <summary>Runs a program inside the namespace (ip netns exec), throwing with the full output on failure.</summary>
    public CmdResult Exec(params string[] command) => Cmd.Run("ip", ["netns", "exec", Name, .. command]);

    public CmdResult Exec(TimeSpan timeout, params string[] command) => Cmd.Run(timeout, "ip", ["netns", "exec", Name, .. command]);

    /// <summary>Runs a program inside the namespace and returns whatever its exit code.</summary>
    public CmdResult TryExec(params string[] command) => Cmd.TryRun("ip", ["netns", "exec", Name, .. command]);

    /// <summary>
    /// Runs <paramref name="action"/> on a new thread that has entered the namespace with setns(2): sockets
    /// created there (netlink, raw, packet) belong to the namespace for good, whichever thread uses them later.
    /// Exceptions come back to the caller with their original stack.
    /// </summary>
    public T Run<T>(Func<T> action)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Enter();
                result = action();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            IsBackground = true,
            Name = $"netns {Name}",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    public void Run(Action action) => Run(() =>
    {
        action();
        return true;
    });

    /// <summary>A veth pair here; the peer goes into <paramref name="peerNamespace"/> when given.</summary>
    public void CreateVethPair(string name, string peerName, NetworkNamespace? peerNamespace = null)
    {
        if (peerNamespace is null)
        {
            Ip("link", "add", name, "type", "veth", "peer", "name", peerName);
        }
        else
        {
            Ip("link", "add", name, "type", "veth", "peer", "name", peerName, "netns", peerNamespace.Name);
        }
    }

    public void CreateBridge(string name) => Ip("link", "add", name, "type", "bridge");

    /// <summary>Enslaves <paramref name="link"/> to <paramref name="bridge"/>.</summary>
    public void AddToBridge(string link, string bridge) => Ip("link", "set", link, "master", bridge);

    public void MoveTo(string link, NetworkNamespace other) => Ip("link", "set", link, "netns", other.Name);

    public void SetUp(string link) => Ip("link", "set", link, "up");

    public void SetDown(string link) => Ip("link", "set", link, "down");

    /// <summary>ip addr add CIDR dev LINK, e.g. "192.0.2.1/24".</summary>
    public void AddAddress(string link, string cidr) => Ip("addr", "add", cidr, "dev", link);

    /// <summary>The ifindex of <paramref name="link"/> in this namespace.</summary>
    public int IndexOf(string link) => IpJson("link", "show", "dev", link)[0].GetProperty("ifindex").GetInt32();

    /// <summary>Processes running in the namespace (ip netns pids).</summary>
    public IReadOnlyList<int> Pids() => Pids(Name);

    /// <summary>Kills what still runs inside (only processes in our own namespace), then deletes it.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Remove(Name);
    }

    public override string ToString() => Name;

    private void Enter()
    {
        using var handle = File.OpenHandle(Path);
        if (setns((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
        {
            throw new InvalidOperationException($"setns({Path}): errno {Marshal.GetLastPInvokeError()}");
        }
    }

    private static void Remove(string name)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var pids = Pids(name);
            if (pids.Count == 0)
            {
                break;
            }

            foreach (var pid in pids)
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
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

            Thread.Sleep(50);
        }

        var result = Cmd.TryRun("ip", "netns", "del", name);
        if (!result.Succeeded)
        {
            Console.Error.WriteLine($"NetworkNamespace: could not delete {name}: {result}");
        }
    }

    private static IReadOnlyList<int> Pids(string name)
    {
        var result = Cmd.TryRun("ip", "netns", "pids", name);
        return result.StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(int.Parse)
            .Where(pid => pid != Environment.ProcessId)
            .ToList();
    }

    /// <summary>Namespaces that earlier runs, killed before their Dispose, left behind ("aplt" + a dead pid).</summary>
    public static void RemoveStale()
    {
        var listing = Cmd.TryRun("ip", "netns", "list").StandardOutput;
        foreach (Match match in StaleName().Matches(listing))
        {
            var pid = int.Parse(match.Groups["pid"].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}"))
            {
                Remove(match.Groups["name"].Value);
            }
        }
    }

    [GeneratedRegex(@"^(?<name>aplt(?<pid>\d+)-\S+)", RegexOptions.Multiline)]
    private static partial Regex StaleName();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int nstype);
}
