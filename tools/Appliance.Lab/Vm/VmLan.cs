namespace Appliance.Lab.Vm;

/// <summary>
/// A LAN for VMs in network namespaces of our own: a switch namespace with bridge br0 and the VMs' tap devices
/// (qemu runs inside it, where it can open them), and a client namespace whose eth0 (192.0.2.100/24) is plugged into
/// the bridge. The VMs' addresses are whatever their appliance.ini says. Disposing kills what still runs inside
/// (qemu included) and deletes both namespaces, with every tap and veth.
/// </summary>
public sealed class VmLan : IDisposable
{
    public const string ClientAddress = "192.0.2.100";

    private VmLan(NetworkNamespace lan, NetworkNamespace client)
    {
        Switch = lan;
        Client = client;
    }

    public NetworkNamespace Switch { get; }

    public NetworkNamespace Client { get; }

    public static VmLan Create()
    {
        var lan = NetworkNamespace.Create("vmlan");
        NetworkNamespace? client = null;
        try
        {
            client = NetworkNamespace.Create("vmcli");
            lan.Ip("link", "add", "br0", "type", "bridge", "forward_delay", "0", "mcast_snooping", "0");
            lan.SetUp("br0");
            lan.CreateVethPair("pc", "eth0", client);
            lan.AddToBridge("pc", "br0");
            lan.SetUp("pc");
            client.Ip("addr", "add", $"{ClientAddress}/24", "dev", "eth0", "nodad");
            client.SetUp("eth0");
            return new VmLan(lan, client);
        }
        catch
        {
            client?.Dispose();
            lan.Dispose();
            throw;
        }
    }

    /// <summary>A tap device on the bridge for one VM's NIC.</summary>
    public string AddTap(string name)
    {
        Switch.Ip("tuntap", "add", "dev", name, "mode", "tap");
        Switch.AddToBridge(name, "br0");
        Switch.SetUp(name);
        return name;
    }

    /// <summary>One request from the client: the page (the box's name) or null.</summary>
    public string? Fetch(string url, TimeSpan timeout)
    {
        var result = Cmd.TryRun(timeout + TimeSpan.FromSeconds(2), "ip", "netns", "exec", Client.Name,
            "curl", "-sS", "--max-time", timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture), url);
        return result.Succeeded ? result.StandardOutput.Trim() : null;
    }

    public void Dispose()
    {
        // The switch first: that kills qemu (it runs in there), which releases the taps.
        Switch.Dispose();
        Client.Dispose();
    }
}
