using Appliance.Config;

namespace Appliance.Supervisor.Services;

/// <summary>How a change of the held listen set reaches nginx.</summary>
internal enum ListenHandover
{
    /// <summary>Nothing for nginx to do: only the backlog changed, or no nginx runs (the next one gets the new set).</summary>
    None,

    /// <summary>
    /// Make before break: the new sockets are opened, a new nginx master is started with the new set (a running
    /// master adopts sockets only at exec, never on SIGHUP), the old one quits gracefully, and the sockets no longer
    /// wanted are closed once it has gone. No connection is refused on any port that stays.
    /// </summary>
    HandOver,

    /// <summary>
    /// A new entry overlaps one that goes (<c>80</c> becomes <c>192.0.2.10:80</c>): it cannot be bound while the
    /// old socket is open anywhere, in the old nginx too. nginx stops, the old socket closes, the new one opens,
    /// nginx starts: that port refuses connections for the restart time.
    /// </summary>
    Restart,
}

/// <summary>
/// What a change of <c>[nginx] listen</c> or <c>listen_backlog</c> does to the sockets the supervisor holds: which to
/// open, which to close, whether the kept ones get the new backlog, and how nginx is moved onto the new set. Pure.
/// </summary>
internal sealed record ListenPlan(
    IReadOnlyList<NginxListen> Open,
    IReadOnlyList<NginxListen> Close,
    IReadOnlyList<NginxListen> Wanted,
    bool Relisten,
    ListenHandover Handover)
{
    public bool IsEmpty => Open.Count == 0 && Close.Count == 0 && !Relisten;

    /// <param name="held">The sockets held now, in the order nginx receives them.</param>
    /// <param name="heldBacklog">Their accept queue length.</param>
    /// <param name="wanted">The new <c>[nginx] listen</c>, in its order (the order of the NGINX variable).</param>
    /// <param name="wantedBacklog">The new <c>listen_backlog</c>.</param>
    /// <param name="nginxRunning">Whether an nginx runs that holds copies of the current set.</param>
    public static ListenPlan Between(IReadOnlyList<NginxListen> held, int heldBacklog, IReadOnlyList<NginxListen> wanted, int wantedBacklog, bool nginxRunning)
    {
        var open = wanted.Where(w => !held.Contains(w)).ToArray();
        var close = held.Where(h => !wanted.Contains(h)).ToArray();

        // New sockets are opened with the new backlog; only kept ones need listen(2) again.
        var relisten = heldBacklog != wantedBacklog && held.Any(wanted.Contains);
        var handover = !nginxRunning || (open.Length == 0 && close.Length == 0)
            ? ListenHandover.None
            : open.Any(o => close.Any(o.Overlaps)) ? ListenHandover.Restart : ListenHandover.HandOver;
        return new ListenPlan(open, close, wanted, relisten, handover);
    }

    public override string ToString() =>
        $"open {List(Open)}, close {List(Close)}{(Relisten ? ", new backlog on the kept sockets" : string.Empty)}, {Handover switch
        {
            ListenHandover.HandOver => "nginx handed over to a new master",
            ListenHandover.Restart => "nginx restarted (an overlapping address is replaced)",
            _ => "nginx untouched",
        }}";

    private static string List(IReadOnlyList<NginxListen> items) => items.Count == 0 ? "none" : string.Join(", ", items);
}
