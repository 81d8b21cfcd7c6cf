namespace Appliance.Vrrp.Router;

/// <summary>States of a virtual router (RFC 9568 6.4), plus two of ours.</summary>
public enum VirtualRouterState
{
    /// <summary>Not running: before startup and after shutdown (RFC 9568 6.4.1).</summary>
    Initialize,

    /// <summary>Watching the master (RFC 9568 6.4.2).</summary>
    Backup,

    /// <summary>Holding the virtual addresses and advertising (RFC 9568 6.4.3, "Active" in RFC 9568's wording).</summary>
    Master,

    /// <summary>
    /// The interface is down or a tracked object marked <c>fault</c> is down: no advertisements, no addresses.
    /// Not in the RFC; keepalived has the same state.
    /// </summary>
    Fault,

    /// <summary>
    /// A planned resignation in progress (make-before-break): priority 0 has been advertised, but the virtual
    /// addresses stay until a new master is heard or a deadline passes, so clients are never left without one.
    /// </summary>
    Releasing,
}
