using System.Net;
using System.Net.Sockets;
using Appliance.Linux.Netlink;

namespace Appliance.Supervisor.Vrrp;

/// <summary>
/// What the kernel says about links and addresses, kept current from a netlink dump and then the monitor's
/// events. Owned by the event loop.
/// </summary>
internal sealed class InterfaceTable
{
    private readonly Dictionary<int, LinkInfo> _links = [];
    private readonly Dictionary<int, List<AddressInfo>> _addresses = [];

    public IEnumerable<LinkInfo> Links => _links.Values;

    public LinkInfo? Find(string name) => _links.Values.FirstOrDefault(l => l.Name == name);

    public LinkInfo? Find(int index) => _links.GetValueOrDefault(index);

    public IReadOnlyList<AddressInfo> AddressesOf(int index) => _addresses.TryGetValue(index, out var list) ? list : [];

    public void Reload(RouteNetlinkSocket netlink)
    {
        _links.Clear();
        _addresses.Clear();
        foreach (var link in netlink.DumpLinks())
        {
            _links[link.Index] = link;
        }

        foreach (var address in netlink.DumpAddresses())
        {
            Add(address);
        }
    }

    /// <summary>Applies one event; returns the link whose state may have changed, if any.</summary>
    public LinkInfo? Apply(NetlinkEvent change)
    {
        switch (change)
        {
            case LinkChanged changed:
                _links[changed.Link.Index] = changed.Link;
                return changed.Link;
            case LinkRemoved removed:
                _links.Remove(removed.Link.Index);
                _addresses.Remove(removed.Link.Index);
                return removed.Link;
            case AddressAdded added:
                Add(added.Address);
                return null;
            case AddressRemoved gone:
                if (_addresses.TryGetValue(gone.Address.InterfaceIndex, out var list))
                {
                    list.RemoveAll(a => a.Address.Equals(gone.Address.Address));
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// The address an instance speaks from (RFC 9568 5.1.1.1, 5.1.2.1): for IPv6 multicast the link-local address,
    /// otherwise the first address of the family on the link that is not one of the virtual addresses.
    /// </summary>
    public IPAddress? PrimaryAddress(int index, AddressFamily family, bool linkLocal, IReadOnlyCollection<IPAddress> exclude) =>
        AddressesOf(index)
            .Where(a => a.Family == family && !exclude.Contains(a.Address) && a.Address.IsIPv6LinkLocal == linkLocal)
            .Select(a => a.Address)
            .FirstOrDefault();

    private void Add(AddressInfo address)
    {
        if (!_addresses.TryGetValue(address.InterfaceIndex, out var list))
        {
            _addresses[address.InterfaceIndex] = list = [];
        }

        list.RemoveAll(a => a.Address.Equals(address.Address));
        list.Add(address);
    }
}
