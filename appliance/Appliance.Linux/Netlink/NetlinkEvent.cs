namespace Appliance.Linux.Netlink;

/// <summary>A change the kernel announced on a monitor socket (see <see cref="RouteNetlinkMonitor"/>).</summary>
public abstract record NetlinkEvent;

/// <summary>RTM_NEWLINK: an interface appeared or changed (flags, carrier, operstate, name, address).</summary>
public sealed record LinkChanged(LinkInfo Link) : NetlinkEvent;

/// <summary>RTM_DELLINK: an interface is gone.</summary>
public sealed record LinkRemoved(LinkInfo Link) : NetlinkEvent;

/// <summary>RTM_NEWADDR: an address was added or changed (e.g. lost its tentative flag).</summary>
public sealed record AddressAdded(AddressInfo Address) : NetlinkEvent;

/// <summary>RTM_DELADDR: an address was removed.</summary>
public sealed record AddressRemoved(AddressInfo Address) : NetlinkEvent;

/// <summary>
/// The kernel dropped notifications because the socket's receive buffer was full (recv gave ENOBUFS). What
/// the owner knows may now be stale: dump links and addresses again.
/// </summary>
public sealed record EventsLost : NetlinkEvent;
