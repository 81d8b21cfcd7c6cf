using System.Diagnostics;
using System.Net;
using System.Text;
using Appliance.Lab.Probe;

namespace Appliance.Lab;

/// <summary>
/// A LAN in network namespaces: a switch namespace with a bridge, N box namespaces (eth0 on the bridge), and a
/// client namespace. Documentation-range addresses only: boxes 192.0.2.11.. and 2001:db8::11.., the client .100,
/// the VIP 192.0.2.10 / 2001:db8::10. Disposing kills every process inside and deletes every namespace; a lab
/// left behind by a crashed run is removed by the next one.
/// </summary>
public sealed partial class Lan : IDisposable
{
    public static readonly IPAddress Vip4 = IPAddress.Parse("192.0.2.10");
    public static readonly IPAddress Vip6 = IPAddress.Parse("2001:db8::10");
    public static readonly IPAddress Client4 = IPAddress.Parse("192.0.2.100");
    public static readonly IPAddress Client6 = IPAddress.Parse("2001:db8::100");

    private readonly List<NetworkNamespace> _namespaces = [];
    private readonly List<LabBox> _boxes = [];
    private readonly List<Prober> _probers = [];
    private readonly List<Capture> _captures = [];
    private readonly HashSet<LabBox> _isolated = [];
    private static int _labs;
    private bool _multicastBlocked;
    private bool _disposed;

    private Lan(string id, string workDirectory, string applianceBinary)
    {
        Id = id;
        WorkDirectory = workDirectory;
        ApplianceBinary = applianceBinary;
    }

    /// <summary>Names this lab in logs and directories.</summary>
    public string Id { get; }

    public string WorkDirectory { get; }

    public string ApplianceBinary { get; }

    public NetworkNamespace Switch { get; private set; } = null!;

    public NetworkNamespace Client { get; private set; } = null!;

    public IReadOnlyList<LabBox> Boxes => _boxes;

    public LabBox this[int index] => _boxes[index];

    public static Lan Create(int boxes = 2, string? applianceBinary = null, string? workDirectory = null)
    {
        var id = $"lab{Environment.ProcessId}-{Interlocked.Increment(ref _labs)}";
        var directory = workDirectory ?? Path.Combine(Path.GetTempPath(), $"appliance-{id}");
        Directory.CreateDirectory(directory);

        var lab = new Lan(id, directory, applianceBinary ?? LocateApplianceBinary());
        try
        {
            lab.Build(boxes);
        }
        catch
        {
            lab.Dispose();
            throw;
        }

        return lab;
    }

    /// <summary>The binary build.cake published (APPLIANCE_BINARY), else artifacts/bin/appliance of this checkout.</summary>
    public static string LocateApplianceBinary()
    {
        var fromBuild = Environment.GetEnvironmentVariable("APPLIANCE_BINARY");
        if (!string.IsNullOrEmpty(fromBuild))
        {
            return fromBuild;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "artifacts", "bin", "appliance");
            if (File.Exists(Path.Combine(dir.FullName, "Appliance.sln")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("no appliance binary: set APPLIANCE_BINARY or run ./build.sh --target=Publish");
    }

    private void Build(int boxes)
    {
        Switch = Add("sw");
        Switch.Ip("link", "add", "br0", "type", "bridge", "forward_delay", "0", "mcast_snooping", "0");
        Switch.Ip("link", "set", "br0", "up");

        Client = Add("client");
        Plug(Client, "pc", [$"{Client4}/24", $"{Client6}/64"]);

        for (var i = 1; i <= boxes; i++)
        {
            var box = new LabBox(this, i, Add($"b{i}"));
            Plug(box.Namespace, box.SwitchPort, [$"{box.Address4}/24", $"{box.Address6}/64"]);
            _boxes.Add(box);
        }
    }

    private NetworkNamespace Add(string purpose)
    {
        var ns = NetworkNamespace.Create(purpose);
        _namespaces.Add(ns);

        // Addresses are usable at once: no duplicate address detection on a lab LAN.
        ns.Exec("sysctl", "-q", "-w", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");
        return ns;
    }

    /// <summary>A veth from the switch's port to eth0 in the namespace, with the addresses.</summary>
    private void Plug(NetworkNamespace ns, string port, string[] addresses)
    {
        Switch.Ip("link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns.Name);
        Switch.Ip("link", "set", port, "master", "br0");
        Switch.Ip("link", "set", port, "up");
        foreach (var address in addresses)
        {
            ns.Ip("addr", "add", address, "dev", "eth0", "nodad");
        }

        ns.Ip("link", "set", "eth0", "up");
    }

    /// <summary>Takes the box's switch port down: the box sees its carrier go.</summary>
    public void CutLink(LabBox box) => Switch.Ip("link", "set", box.SwitchPort, "down");

    public void RestoreLink(LabBox box) => Switch.Ip("link", "set", box.SwitchPort, "up");

    /// <summary>Silently separates the box from the other boxes (carrier stays up, the client still reaches it): split brain.</summary>
    public void Isolate(LabBox box)
    {
        _isolated.Add(box);
        ApplyFilter();
    }

    public void Rejoin(LabBox box)
    {
        _isolated.Remove(box);
        ApplyFilter();
    }

    /// <summary>Drops VRRP multicast on the switch, as some networks do; unicast peers still get through.</summary>
    public void BlockVrrpMulticast(bool blocked = true)
    {
        _multicastBlocked = blocked;
        ApplyFilter();
    }

    private void ApplyFilter()
    {
        var rules = new StringBuilder();
        rules.AppendLine("table bridge lab");
        rules.AppendLine("delete table bridge lab");
        rules.AppendLine("table bridge lab {");
        rules.AppendLine("  chain forward {");
        rules.AppendLine("    type filter hook forward priority 0; policy accept;");
        if (_multicastBlocked)
        {
            rules.AppendLine("    ip daddr 224.0.0.18 drop");
            rules.AppendLine("    ip6 daddr ff02::12 drop");
        }

        foreach (var box in _isolated)
        {
            rules.AppendLine($"    iifname \"{box.SwitchPort}\" oifname != \"pc\" drop");
            rules.AppendLine($"    oifname \"{box.SwitchPort}\" iifname != \"pc\" drop");
        }

        rules.AppendLine("  }");
        rules.AppendLine("}");
        var file = Path.Combine(WorkDirectory, "switch.nft");
        File.WriteAllText(file, rules.ToString());
        Switch.Exec("nft", "-f", file);
    }

    /// <summary>Starts a client that requests the URL every <paramref name="every"/> over a new connection.</summary>
    public Prober StartProbe(string? url = null, TimeSpan? every = null, TimeSpan? timeout = null)
    {
        var prober = Prober.Start(this, url ?? $"http://{Vip4}/", every ?? TimeSpan.FromMilliseconds(2), timeout ?? TimeSpan.FromMilliseconds(20));
        _probers.Add(prober);
        return prober;
    }

    public static long Now() => Stopwatch.GetTimestamp();

    /// <summary>Captures on eth0 of a namespace (a box or the client) with a tcpdump filter.</summary>
    public Capture Capture(NetworkNamespace ns, string filter)
    {
        var capture = Appliance.Lab.Capture.Start(ns, WorkDirectory, filter);
        _captures.Add(capture);
        return capture;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var prober in _probers)
        {
            prober.Dispose();
        }

        foreach (var capture in _captures)
        {
            capture.Dispose();
        }

        Router?.Dispose();

        // Namespaces first: that kills everything inside, orphaned nginx workers included, which would otherwise
        // hold their parent's output pipe open and make each process's teardown wait.
        foreach (var ns in _namespaces)
        {
            ns.Dispose();
        }

        foreach (var box in _boxes)
        {
            box.KillAll();
        }
    }
}
