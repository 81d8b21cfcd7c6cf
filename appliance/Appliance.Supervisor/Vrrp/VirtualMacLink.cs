using System.Net.NetworkInformation;
using System.Net.Sockets;
using Appliance.Linux.Announce;
using Appliance.Linux.Netlink;
using Appliance.Linux.Sockets;
using Serilog;

namespace Appliance.Supervisor.Vrrp;

/// <summary>
/// <c>virtual_mac = true</c>: a macvlan on the instance's interface carrying the virtual router MAC of RFC 9568 7.3.
/// The virtual addresses live on it, advertisements and announcements leave through it (so their source MAC is the
/// virtual one), and ARP for the addresses is answered by it only.
/// </summary>
internal sealed class VirtualMacLink : IDisposable
{
    private readonly RouteNetlinkSocket _netlink;
    private readonly ILogger _log;

    private VirtualMacLink(RouteNetlinkSocket netlink, ILogger log, LinkInfo link, PhysicalAddress mac, VrrpSocket socket)
    {
        _netlink = netlink;
        _log = log;
        Name = link.Name;
        Index = link.Index;
        Mac = mac;
        Socket = socket;
    }

    public string Name { get; }

    public int Index { get; }

    public PhysicalAddress Mac { get; }

    /// <summary>Sends advertisements with the virtual MAC as source; receiving stays on the parent's socket.</summary>
    public VrrpSocket Socket { get; }

    public static VirtualMacLink Create(RouteNetlinkSocket netlink, LinkInfo parent, byte vrid, AddressFamily family, ILogger log)
    {
        var name = $"vrrp{(family == AddressFamily.InterNetworkV6 ? "6" : "4")}.{vrid}";
        var mac = AnnouncementFrames.VirtualRouterMac(vrid, family);

        // A previous run that crashed may have left it behind.
        if (netlink.GetLink(name) is { } stale)
        {
            netlink.DeleteLink(stale.Index, ignoreMissing: true);
        }

        var link = netlink.CreateMacvlan(parent.Index, name, mac, MacvlanMode.Private);
        try
        {
            // Only the interface that holds an address answers ARP for it: without this the parent would answer for
            // the virtual address with its own MAC (keepalived sets the same for its VMAC interfaces).
            WriteSysctl($"net/ipv4/conf/{parent.Name}/arp_ignore", "1");
            WriteSysctl($"net/ipv4/conf/{name}/arp_ignore", "1");
            if (family == AddressFamily.InterNetworkV6)
            {
                WriteSysctl($"net/ipv6/conf/{name}/accept_dad", "0");
            }

            netlink.SetLinkUp(link.Index, true);
            var socket = VrrpSocket.Open(name, link.Index, family, joinGroup: false);
            log.Information("virtual MAC {Mac} on {Link} (macvlan of {Parent})", mac, name, parent.Name);
            return new VirtualMacLink(netlink, log, link, mac, socket);
        }
        catch
        {
            netlink.DeleteLink(link.Index, ignoreMissing: true);
            throw;
        }
    }

    public void Dispose()
    {
        Socket.Dispose();
        try
        {
            _netlink.DeleteLink(Index, ignoreMissing: true);
        }
        catch (Linux.SystemCallException e)
        {
            _log.Warning("could not delete {Link}: {Error}", Name, e.Message);
        }
    }

    private static void WriteSysctl(string key, string value) => File.WriteAllText($"/proc/sys/{key}", value);
}
