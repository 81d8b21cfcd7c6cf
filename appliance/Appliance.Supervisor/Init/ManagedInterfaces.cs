using System.Net;
using System.Net.Sockets;
using Appliance.Config;
using Appliance.Linux;
using Appliance.Linux.Netlink;

namespace Appliance.Supervisor.Init;

/// <summary>
/// <c>[interface:*]</c> sections with <c>manage = true</c>: the supervisor owns those links. It brings them up,
/// makes their addresses exactly the configured ones (leaving link-local addresses and the VRRP virtual addresses
/// alone) and keeps the default routes via the configured gateways. lo is always brought up. In a container the
/// manager (docker) gave the links their addresses and routes: taking them away would cut the container off its
/// network, so managed sections are left alone there and said so (the factory file manages eth0 for a box).
/// </summary>
internal static class ManagedInterfaces
{
    public static List<string> Apply(RouteNetlinkSocket netlink, ApplianceConfig config)
    {
        var done = new List<string>();
        if (netlink.GetLink("lo") is { IsUp: false } lo)
        {
            netlink.SetLinkUp(lo.Index, true);
            done.Add("lo up");
        }

        if (InitDuties.ContainerManager is { } manager)
        {
            done.AddRange(config.Interfaces.Where(i => i.Manage)
                .Select(i => $"interface {i.Name}: manage = true ignored, the container's network belongs to {manager}"));
            return done;
        }

        var vips = config.Vrrp.SelectMany(v => v.VirtualIps).Select(v => v.Address).ToHashSet();
        foreach (var managed in config.Interfaces.Where(i => i.Manage))
        {
            try
            {
                done.AddRange(Apply(netlink, managed, vips));
            }
            catch (SystemCallException e)
            {
                done.Add($"interface {managed.Name}: {e.Message}");
            }
        }

        return done;
    }

    private static IEnumerable<string> Apply(RouteNetlinkSocket netlink, InterfaceOptions options, HashSet<IPAddress> vips)
    {
        var link = netlink.GetLink(options.Name);
        if (link is null)
        {
            yield return $"interface {options.Name}: not present";
            yield break;
        }

        if (!link.IsUp)
        {
            netlink.SetLinkUp(link.Index, true);
            yield return $"interface {options.Name}: up";
        }

        var present = netlink.DumpAddresses().Where(a => a.InterfaceIndex == link.Index).ToArray();
        foreach (var stale in present.Where(a => !a.Address.IsIPv6LinkLocal && !vips.Contains(a.Address)
                     && !options.Addresses.Any(o => o.Address.Equals(a.Address) && o.PrefixLength == a.PrefixLength)))
        {
            netlink.DeleteAddress(link.Index, stale.Address, stale.PrefixLength, ignoreMissing: true);
            yield return $"interface {options.Name}: removed {stale.Cidr}";
        }

        foreach (var wanted in options.Addresses.Where(o => !present.Any(a => a.Address.Equals(o.Address) && a.PrefixLength == o.PrefixLength)))
        {
            var flags = wanted.Family == AddressFamily.InterNetworkV6 ? AddressFlags.NoDad : AddressFlags.None;
            netlink.AddAddress(link.Index, wanted.Address, wanted.PrefixLength, AddressScope.Universe, flags);
            yield return $"interface {options.Name}: added {wanted}";
        }

        foreach (var gateway in new[] { options.Gateway, options.Gateway6 }.OfType<IPAddress>())
        {
            netlink.AddRoute(RouteSpec.Default(gateway, link.Index), replace: true);
            yield return $"interface {options.Name}: default route via {gateway}";
        }
    }
}
