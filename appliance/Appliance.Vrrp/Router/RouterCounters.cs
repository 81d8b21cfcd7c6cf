namespace Appliance.Vrrp.Router;

/// <summary>What a virtual router has done, for status and monitoring. Drops are counted by the receiver.</summary>
public sealed class RouterCounters
{
    public long AdvertisementsReceived { get; internal set; }

    public long AdvertisementsSent { get; internal set; }

    public long ResignationsReceived { get; internal set; }

    public long ResignationsSent { get; internal set; }

    /// <summary>Advertisements of a lower-priority master a preempting backup ignored (RFC 9568 6.4.2 "discard").</summary>
    public long LowerPriorityIgnored { get; internal set; }

    /// <summary>Times a master answered another, lower-priority master (split brain healing).</summary>
    public long LowerPriorityMasterAnswered { get; internal set; }

    /// <summary>Accepted advertisements whose address list differs from ours (RFC 9568 7.1: log, and use the packet).</summary>
    public long AddressListMismatches { get; internal set; }

    public string? LastAddressListMismatch { get; internal set; }

    /// <summary>
    /// Accepted v3 advertisements whose interval was above the bound a backup adopts
    /// (<see cref="VirtualRouter.MaxLearnedInterval"/>): the interval was capped, the packet used.
    /// </summary>
    public long IntervalOutOfBounds { get; internal set; }

    public string? LastIntervalOutOfBounds { get; internal set; }

    /// <summary>Periodic re-announcements of every virtual address by a master (<c>garp_refresh</c>).</summary>
    public long AnnounceRefreshes { get; internal set; }

    public long Transitions { get; internal set; }

    public long BecameMaster { get; internal set; }
}
