using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Appliance.Linux.Announce;
using Appliance.Linux.Netlink;
using Appliance.Linux.Sockets;
using Appliance.Vrrp.Wire;
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
    private readonly PacketSocket? _frames;
    private readonly byte[] _packet = new byte[1600];
    private readonly byte[] _frame = new byte[1600];

    private VirtualMacLink(RouteNetlinkSocket netlink, ILogger log, LinkInfo link, PhysicalAddress mac, VrrpSocket socket, PacketSocket? frames)
    {
        _netlink = netlink;
        _log = log;
        _frames = frames;
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

    /// <summary>IPv6 advertisements go out as whole frames (<see cref="SendIPv6Frame"/>), not through <see cref="Socket"/>.</summary>
    public bool Ipv6 => _frames is not null;

    public static VirtualMacLink Create(RouteNetlinkSocket netlink, LinkInfo parent, byte vrid, AddressFamily family, ILogger log)
    {
        var name = $"vrrp{(family == AddressFamily.InterNetworkV6 ? "6" : "4")}.{vrid}";
        var mac = AnnouncementFrames.VirtualRouterMac(vrid, family);

        // A previous run that crashed may have left it behind.
        if (netlink.GetLink(name) is { } stale)
        {
            netlink.DeleteLink(stale.Index, ignoreMissing: true);
        }

        var link = netlink.CreateMacvlan(parent.Index, name, mac, MacvlanMode.Bridge);
        PacketSocket? frames = null;
        try
        {
            // Only the interface that holds an address answers ARP for it: without this the parent would answer for
            // the virtual address with its own MAC (keepalived sets the same for its VMAC interfaces).
            WriteSysctl($"net/ipv4/conf/{parent.Name}/arp_ignore", "1");
            WriteSysctl($"net/ipv4/conf/{name}/arp_ignore", "1");

            // Replies from the virtual address may be routed out of the parent; the ARP request the parent then sends
            // must not name the virtual address as its sender, or it teaches the LAN the parent's MAC for it.
            WriteSysctl($"net/ipv4/conf/{parent.Name}/arp_announce", "2");
            if (family == AddressFamily.InterNetworkV6)
            {
                // No link-local address of its own: one derived from the virtual MAC would be the same on both boxes,
                // fail DAD, and as the advertisement source it would make each box take the other's for its own.
                WriteSysctl($"net/ipv6/conf/{name}/addr_gen_mode", "1");
                WriteSysctl($"net/ipv6/conf/{name}/accept_dad", "0");
                frames = PacketSocket.Open(parent.Name, parent.Index, AnnouncementFrames.EtherTypeIPv6);
            }
            else
            {
                // An IPv4 instance's macvlan carries no IPv6 at all (no link-local, no router solicitations).
                WriteSysctl($"net/ipv6/conf/{name}/disable_ipv6", "1");
            }

            netlink.SetLinkUp(link.Index, true);
            var socket = VrrpSocket.Open(name, link.Index, family, joinGroup: false);
            log.Information("virtual MAC {Mac} on {Link} (macvlan of {Parent})", mac, name, parent.Name);
            return new VirtualMacLink(netlink, log, link, mac, socket, frames);
        }
        catch
        {
            frames?.Dispose();
            netlink.DeleteLink(link.Index, ignoreMissing: true);
            throw;
        }
    }

    /// <summary>
    /// Sends an IPv6 VRRP message from <paramref name="source"/> (the parent's link-local address) to a multicast
    /// group in a frame whose Ethernet source is the virtual MAC, through the parent interface.
    /// </summary>
    public void SendIPv6Frame(ReadOnlySpan<byte> vrrpMessage, IPAddress source, IPAddress group)
    {
        var frames = _frames ?? throw new InvalidOperationException($"{Name} is not an IPv6 virtual MAC link");
        var packetLength = IpPacketWriter.Write(vrrpMessage, new PacketMetadata(source, group, VrrpProtocol.HopLimit), _packet);
        var frameLength = AnnouncementFrames.IPv6Multicast(Mac, group, _packet.AsSpan(0, packetLength), _frame);
        frames.Send(_frame.AsSpan(0, frameLength), "advertisement");
    }

    public void Dispose()
    {
        Socket.Dispose();
        _frames?.Dispose();
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
