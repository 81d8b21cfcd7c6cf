using Appliance.Vrrp.Wire;

namespace Appliance.Vrrp.Router;

/// <summary>Outputs of a <see cref="VirtualRouter"/>, carried out by the Linux edge in order.</summary>
public abstract record RouterAction
{
    private RouterAction()
    {
    }

    /// <summary>Send to the multicast group (or the unicast peers), from the primary address, TTL 255.</summary>
    public sealed record SendAdvertisement(Advertisement Advertisement) : RouterAction;

    /// <summary>Add the addresses to the interface; an address already there is not an error.</summary>
    public sealed record AddVirtualAddresses(IReadOnlyList<VirtualAddress> Addresses) : RouterAction;

    /// <summary>Remove the addresses from the interface; an address already gone is not an error.</summary>
    public sealed record RemoveVirtualAddresses(IReadOnlyList<VirtualAddress> Addresses) : RouterAction;

    /// <summary>One gratuitous ARP (IPv4) or unsolicited neighbour advertisement (IPv6) per address.</summary>
    public sealed record Announce(IReadOnlyList<VirtualAddress> Addresses) : RouterAction;

    /// <summary>
    /// A sync group member's wish changed (<see cref="VirtualRouterOptions.ElectsWithGroup"/>): its Master_Down_Timer
    /// fired and it waits for its group, or it heard a master it accepts again and waits no more.
    /// </summary>
    public sealed record MasterWanted(bool Wants) : RouterAction;

    /// <summary>Every transition, once, with the reason an operator reads in the log.</summary>
    public sealed record StateChanged(VirtualRouterState From, VirtualRouterState To, string Reason) : RouterAction;
}
