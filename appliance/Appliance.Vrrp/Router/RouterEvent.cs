using System.Net;
using Appliance.Vrrp.Wire;

namespace Appliance.Vrrp.Router;

/// <summary>Inputs to a <see cref="VirtualRouter"/>. Time never is one: it arrives as the <c>now</c> argument.</summary>
public abstract record RouterEvent
{
    private RouterEvent()
    {
    }

    /// <summary>RFC 9568 6.4.1 Startup event.</summary>
    public sealed record Startup : RouterEvent;

    /// <summary>A valid advertisement for this router's VRID, from <paramref name="Source"/>.</summary>
    public sealed record AdvertisementReceived(Advertisement Advertisement, IPAddress Source) : RouterEvent;

    /// <summary>The deadline in <see cref="VirtualRouter.NextDeadline"/> was reached.</summary>
    public sealed record TimerExpired : RouterEvent;

    /// <summary>Carrier of the interface the router runs on.</summary>
    public sealed record LinkChanged(bool Up) : RouterEvent;

    /// <summary>A tracked object (interface, nginx) went up or down; ignored when the router does not track it.</summary>
    public sealed record TrackedObjectChanged(string Name, bool Up) : RouterEvent;

    /// <summary>Live configuration change: priority, addresses, timers, preemption, tracking. VRID, version and family stay.</summary>
    public sealed record Reconfigured(VirtualRouterOptions Options) : RouterEvent;

    /// <summary>RFC 9568 6.4 Shutdown event. With <paramref name="Handover"/> a master waits for its successor first.</summary>
    public sealed record Shutdown(bool Handover) : RouterEvent;

    /// <summary>Planned failover: a master hands over and does not preempt back for <paramref name="HoldFor"/>.</summary>
    public sealed record Resign(TimeSpan HoldFor) : RouterEvent;

    /// <summary>
    /// Every member of this router's sync group wants Master (<see cref="VirtualRouterOptions.ElectsWithGroup"/>): a
    /// backup that wants it becomes master now, with <paramref name="Reason"/>; in any other state, nothing.
    /// </summary>
    public sealed record GroupElected(string Reason) : RouterEvent;

    /// <summary>
    /// Another member of this router's sync group left Master for Backup: a master follows it, announcing priority 0
    /// so that the peer's member takes over after its skew time; in any other state, nothing.
    /// </summary>
    public sealed record GroupYielded(string Reason) : RouterEvent;

    public static readonly Startup Start = new();
    public static readonly TimerExpired Timer = new();
}
