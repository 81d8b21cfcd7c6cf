using Appliance.Linux.Netlink;
using Appliance.Lab;
using Appliance.Testing;

namespace Appliance.Linux.Tests.Kernel;

/// <summary>
/// A namespace with veth0/veth1 (both up, so veth0 has carrier) and a netlink socket opened inside it. One per
/// test; everything goes with the namespace on Dispose.
/// </summary>
internal sealed class VethLab : IDisposable
{
    private VethLab(NetworkNamespace ns, RouteNetlinkSocket netlink)
    {
        Namespace = ns;
        Netlink = netlink;
        Veth0 = ns.IndexOf("veth0");
        Veth1 = ns.IndexOf("veth1");
    }

    public NetworkNamespace Namespace { get; }

    /// <summary>A request socket living in <see cref="Namespace"/>.</summary>
    public RouteNetlinkSocket Netlink { get; }

    public int Veth0 { get; }

    public int Veth1 { get; }

    public static VethLab Create(string purpose)
    {
        var ns = NetworkNamespace.Create(purpose);
        try
        {
            ns.CreateVethPair("veth0", "veth1");
            ns.SetUp("veth0");
            ns.SetUp("veth1");
            return new VethLab(ns, ns.Run(RouteNetlinkSocket.Open));
        }
        catch
        {
            ns.Dispose();
            throw;
        }
    }

    /// <summary>The addr_info entries `ip -j addr show dev DEV` prints, as (local, prefixlen) plus the JSON.</summary>
    public IReadOnlyList<System.Text.Json.JsonElement> IpAddresses(string link) =>
        [.. Namespace.IpJson("addr", "show", "dev", link)[0].GetProperty("addr_info").EnumerateArray()];

    public void Dispose()
    {
        Netlink.Dispose();
        Namespace.Dispose();
    }
}
