namespace Appliance.Image.Tests.Infrastructure;

// A LAN in network namespaces for VMs: namespace "<prefix>lan" holds bridge br0, the VMs' tap devices and one end
// of a veth whose other end is the client's NIC (vc1, 192.0.2.100/24) in namespace "<prefix>cli". qemu runs
// inside the LAN namespace so that it can open the tap there. Removed, with everything in it, on Dispose.
internal sealed class TestNetwork : IDisposable
{
    public const string ClientAddress = "192.0.2.100";

    public TestNetwork()
    {
        // Unique per test process; short, because interface and namespace names are.
        var prefix = $"aimg{Environment.ProcessId % 100000}";
        Lan = prefix + "lan";
        Client = prefix + "cli";
        try
        {
            Ip("netns", "add", Lan);
            Ip("netns", "add", Client);
            Ip("-n", Lan, "link", "add", "br0", "type", "bridge");
            Ip("-n", Lan, "link", "set", "br0", "up");
            Ip("-n", Lan, "link", "add", "vc0", "type", "veth", "peer", "name", "vc1", "netns", Client);
            Ip("-n", Lan, "link", "set", "vc0", "master", "br0", "up");
            Ip("-n", Client, "address", "add", ClientAddress + "/24", "dev", "vc1");
            Ip("-n", Client, "link", "set", "vc1", "up");
            Ip("-n", Client, "link", "set", "lo", "up");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Lan { get; }
    public string Client { get; }

    // A tap device in the LAN namespace, on the bridge, for one VM's NIC.
    public string AddTap(string name)
    {
        Ip("-n", Lan, "tuntap", "add", "dev", name, "mode", "tap");
        Ip("-n", Lan, "link", "set", name, "master", "br0", "up");
        return name;
    }

    public ShellResult InClient(TimeSpan timeout, params string[] command) =>
        Shell.Run(timeout, "ip", ["netns", "exec", Client, .. command]);

    public void Dispose()
    {
        // Deleting a namespace deletes its bridge, taps and veth ends (a tap survives only while qemu holds it).
        Shell.Run("ip", "netns", "delete", Client);
        Shell.Run("ip", "netns", "delete", Lan);
    }

    private static void Ip(params string[] arguments) => Shell.Run("ip", arguments).EnsureSuccess($"ip {string.Join(' ', arguments)}");
}
