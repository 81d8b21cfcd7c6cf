using System.Globalization;
using System.Net.NetworkInformation;

namespace Appliance.Linux.Netlink;

public sealed partial class RouteNetlinkSocket
{
    /// <summary>Every interface of the namespace (ip link show).</summary>
    public IReadOnlyList<LinkInfo> DumpLinks()
    {
        var collector = new LinkCollector();
        Dump(sequence => RouteRequest.DumpLinks(_request, sequence), collector, "netlink dump links");
        return [.. collector.Links];
    }

    /// <summary>The interface called <paramref name="name"/>, or null when there is none.</summary>
    public LinkInfo? GetLink(string name)
    {
        InterfaceName.Validate(name, nameof(name));
        return Get(sequence => RouteRequest.GetLink(_request, sequence, name), $"netlink get link {name}");
    }

    /// <summary>The interface with index <paramref name="interfaceIndex"/>, or null when there is none.</summary>
    public LinkInfo? GetLink(int interfaceIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(interfaceIndex);
        return FindLink(interfaceIndex);
    }

    /// <summary>ip link set DEV up|down.</summary>
    public void SetLinkUp(int interfaceIndex, bool up) =>
        Request(
            sequence => RouteRequest.SetLinkUp(_request, sequence, interfaceIndex, up),
            $"netlink set link {InterfacePlaceholder} {(up ? "up" : "down")}",
            interfaceIndex);

    /// <summary>ip link set DEV address MAC.</summary>
    public void SetLinkAddress(int interfaceIndex, PhysicalAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Request(
            sequence => RouteRequest.SetLinkAddress(_request, sequence, interfaceIndex, address),
            $"netlink set address {Format(address)} on {InterfacePlaceholder}",
            interfaceIndex);
    }

    /// <summary>
    /// Creates a macvlan interface <paramref name="name"/> on <paramref name="parentIndex"/> with the given MAC
    /// (for VRRP the virtual router MAC 00:00:5e:00:01:VRID, RFC 9568 7.3) and returns it. It starts down.
    /// </summary>
    public LinkInfo CreateMacvlan(int parentIndex, string name, PhysicalAddress address, MacvlanMode mode)
    {
        InterfaceName.Validate(name, nameof(name));
        ArgumentNullException.ThrowIfNull(address);
        var operation = $"netlink create macvlan {name} ({Format(address)}, mode {mode.ToString().ToLowerInvariant()}) on {InterfacePlaceholder}";
        Request(sequence => RouteRequest.NewMacvlan(_request, sequence, parentIndex, name, address, mode), operation, parentIndex);
        return GetLink(name) ?? throw new SystemCallException(Errno.ENODEV, $"netlink get link {name} (deleted right after its creation)");
    }

    /// <summary>ip link del DEV. With <paramref name="ignoreMissing"/>, a missing interface (ENODEV) is fine.</summary>
    /// <returns>False when there was no such interface.</returns>
    public bool DeleteLink(int interfaceIndex, bool ignoreMissing = false) =>
        Request(
            sequence => RouteRequest.DeleteLink(_request, sequence, interfaceIndex),
            $"netlink delete link {InterfacePlaceholder}",
            interfaceIndex,
            ignoreMissing ? Errno.ENODEV : Errno.None);

    private LinkInfo? FindLink(int interfaceIndex) =>
        Get(sequence => RouteRequest.GetLink(_request, sequence, interfaceIndex), $"netlink get link ifindex {interfaceIndex}");

    private LinkInfo? Get(Func<uint, int> build, string operation)
    {
        lock (_gate)
        {
            var collector = new LinkCollector();
            var sequence = NextSequence();
            var reply = Exchange(build(sequence), sequence, ReplyKind.Single, collector, operation);
            return Check(reply, operation, tolerated: Errno.ENODEV) ? collector.Links.FirstOrDefault() : null;
        }
    }

    /// <summary>"00:00:5e:00:01:33", as ip(8) prints it (PhysicalAddress.ToString has no separators).</summary>
    private static string Format(PhysicalAddress address) =>
        string.Join(':', address.GetAddressBytes().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
}
