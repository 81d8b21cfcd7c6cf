using Appliance.Control;
using System.Net;

namespace Appliance.Lab;

/// <summary>One box of the lab: a namespace with eth0 on the switch, and the processes the lab started in it.</summary>
public sealed class LabBox
{
    private readonly Lan _lab;
    private readonly List<LabProcess> _processes = [];

    internal LabBox(Lan lab, int index, NetworkNamespace ns)
    {
        _lab = lab;
        Index = index;
        Namespace = ns;
        Directory = System.IO.Path.Combine(lab.WorkDirectory, Name);
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>b1, b2, ...: also what its nginx answers, so the client knows who served it.</summary>
    public string Name => $"b{Index}";

    public int Index { get; }

    public NetworkNamespace Namespace { get; }

    public string Directory { get; }

    /// <summary>The box's port on the lab switch; taking it down cuts the box's carrier.</summary>
    public string SwitchPort => $"p{Index}";

    public IPAddress Address4 => IPAddress.Parse($"192.0.2.{10 + Index}");

    public IPAddress Address6 => IPAddress.Parse($"2001:db8::{10 + Index}");

    public LabProcess? Appliance { get; private set; }

    public LabProcess? Nginx { get; private set; }

    public LabProcess? Keepalived { get; private set; }

    public string ConfigPath => System.IO.Path.Combine(Directory, "appliance.ini");

    /// <summary>The state_dir the lab's configurations give the appliance.</summary>
    public string StateDirectory => System.IO.Path.Combine(Directory, "run");

    public string ControlSocket => ControlProtocol.SocketPath(StateDirectory);

    /// <summary>Asks the box's supervisor over its control socket.</summary>
    public ControlResponse Control(ControlRequest request, TimeSpan? timeout = null) =>
        ControlClient.Send(ControlSocket, request, timeout ?? TimeSpan.FromSeconds(10));

    public StatusReport Status() =>
        Control(new ControlRequest { Command = "status" }).Status ?? throw new InvalidOperationException($"{Name}: no status");

    /// <summary>The state of the box's only (or named) VRRP instance: master, backup, fault, ...</summary>
    public string VrrpState(string instance = "web") => Status().Vrrp.Single(v => v.Name == instance).State;

    /// <summary>Starts <c>appliance run</c> with this configuration text.</summary>
    public LabProcess StartAppliance(string ini, Action<string>? onLine = null, IDictionary<string, string>? environment = null)
    {
        File.WriteAllText(ConfigPath, ini);
        Appliance = Track(LabProcess.Start($"{Name}/appliance", Namespace, Log("appliance"), _lab.ApplianceBinary,
            ["run", "--config", ConfigPath], onLine, environment));
        return Appliance;
    }

    /// <summary>Starts nginx in the foreground with a page that names this box (for labs where nothing supervises it).</summary>
    public LabProcess StartNginx()
    {
        var config = NginxSite.Write(this);
        Nginx = Track(LabProcess.Start($"{Name}/nginx", Namespace, Log("nginx"), NginxSite.Binary,
            ["-c", config, "-g", "daemon off;"]));
        return Nginx;
    }

    /// <summary>Starts a health-check backend on the box's address (see <see cref="NginxSite.WriteBackend"/>).</summary>
    public LabProcess StartBackend(int port) =>
        Track(LabProcess.Start($"{Name}/backend-{port}", Namespace, Log($"backend-{port}"), NginxSite.Binary, ["-c", NginxSite.WriteBackend(this, port)]));

    public LabProcess StartKeepalived(string configuration)
    {
        var path = System.IO.Path.Combine(Directory, "keepalived.conf");
        File.WriteAllText(path, configuration);
        Keepalived = Track(LabProcess.Start($"{Name}/keepalived", Namespace, Log("keepalived"), "/usr/sbin/keepalived",
        [
            "--dont-fork", "--log-console", "--log-detail", "--vrrp", "--no-syslog",
            "-f", path, "-p", System.IO.Path.Combine(Directory, "keepalived.pid"),
            "-r", System.IO.Path.Combine(Directory, "keepalived-vrrp.pid"),
        ]));
        return Keepalived;
    }

    /// <summary>The addresses of the box, on any of its links (a VIP may live on a virtual-MAC macvlan), as the kernel reports them.</summary>
    public IReadOnlyList<IPAddress> Addresses()
    {
        return Namespace.IpJson("addr", "show").EnumerateArray()
            .SelectMany(l => l.GetProperty("addr_info").EnumerateArray())
            .Select(a => IPAddress.Parse(a.GetProperty("local").GetString()!))
            .ToArray();
    }

    public bool Has(IPAddress address) => Addresses().Contains(address);

    /// <summary>Waits until the box holds (or does not hold) an address.</summary>
    public bool WaitFor(IPAddress address, bool present, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        do
        {
            if (Has(address) == present)
            {
                return true;
            }

            Thread.Sleep(20);
        }
        while (DateTime.UtcNow < until);
        return false;
    }

    public string Log(string process) => System.IO.Path.Combine(Directory, $"{process}.log");

    internal void KillAll()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        _processes.Clear();
    }

    private LabProcess Track(LabProcess process)
    {
        _processes.Add(process);
        return process;
    }

    public override string ToString() => Name;
}
