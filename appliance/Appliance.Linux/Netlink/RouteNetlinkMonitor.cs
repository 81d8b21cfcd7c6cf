namespace Appliance.Linux.Netlink;

/// <summary>
/// A non-blocking NETLINK_ROUTE socket subscribed to link and/or address notifications. Register
/// <see cref="Handle"/> for EPOLLIN; when it is readable call <see cref="TryReadEvents"/>.
/// </summary>
/// <remarks>
/// Notifications are best effort: when they come faster than they are read, the kernel drops them and says so
/// with ENOBUFS, reported here as <see cref="EventsLost"/>. The owner must then dump links and addresses again
/// (on a <see cref="RouteNetlinkSocket"/>), since a change may have been missed. Like every netlink socket it
/// watches the network namespace of the thread that opened it.
/// </remarks>
public sealed class RouteNetlinkMonitor : IDisposable
{
    // Notifications are small but the kernel charges each one a whole skb (~1 KiB) against the buffer.
    private const int ReceiveBufferBytes = 4 << 20;
    // Bounded work per call: with level-triggered epoll the rest is read on the next wake-up.
    private const int MaxDatagramsPerRead = 256;
    private const string Operation = "netlink monitor";

    private readonly NetlinkChannel _channel;

    private RouteNetlinkMonitor(NetlinkChannel channel, RouteNetlinkGroups groups)
    {
        _channel = channel;
        Groups = groups;
    }

    public RouteNetlinkGroups Groups { get; }

    /// <summary>The descriptor to watch for readability; owned by the monitor.</summary>
    public SafeFd Handle => _channel.Handle;

    /// <summary>How often the kernel reported dropped notifications (ENOBUFS).</summary>
    public long Overflows { get; private set; }

    /// <summary>Notifications that could not be decoded (each also reported as <see cref="EventsLost"/>).</summary>
    public long MalformedMessages { get; private set; }

    public NetlinkDecodeError LastMalformedReason { get; private set; }

    public void Dispose() => _channel.Dispose();

    /// <summary>
    /// Appends the link and address changes that are waiting, in the kernel's order, and returns whether it
    /// appended any. Returns without blocking once the socket is empty (or after a bounded amount of work).
    /// </summary>
    public bool TryReadEvents(List<NetlinkEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var before = events.Count;
        for (var i = 0; i < MaxDatagramsPerRead; i++)
        {
            switch (_channel.Receive(out var datagram, Operation))
            {
                case ReceiveStatus.WouldBlock:
                    return events.Count > before;
                case ReceiveStatus.Overflow:
                    Overflows++;
                    events.Add(new EventsLost());
                    break;
                case ReceiveStatus.Datagram:
                    Decode(datagram, events);
                    break;
            }
        }

        return events.Count > before;
    }

    /// <param name="receiveBufferBytes">Tests make it small to provoke ENOBUFS.</param>
    internal static RouteNetlinkMonitor Open(RouteNetlinkGroups groups, int receiveBufferBytes = ReceiveBufferBytes)
    {
        if (groups == RouteNetlinkGroups.None)
        {
            throw new ArgumentException("a monitor needs at least one group", nameof(groups));
        }

        var channel = NetlinkChannel.Open((uint)groups, nonBlocking: true, receiveBufferBytes);
        return new RouteNetlinkMonitor(channel, groups);
    }

    private void Decode(ReadOnlySpan<byte> datagram, List<NetlinkEvent> events)
    {
        var malformed = DecodeEvents(datagram, events, out var lastReason);
        if (malformed > 0)
        {
            MalformedMessages += malformed;
            LastMalformedReason = lastReason;
        }
    }

    /// <summary>
    /// Appends the events of one datagram in order and returns how many of its messages were malformed (the pure part
    /// of the monitor, which the fuzz harness drives). Each malformed message adds <see cref="EventsLost"/>: a change
    /// we could not read is a change we missed, and the owner must re-dump, as after ENOBUFS.
    /// </summary>
    internal static int DecodeEvents(ReadOnlySpan<byte> datagram, List<NetlinkEvent> events, out NetlinkDecodeError lastReason)
    {
        var malformed = 0;
        lastReason = NetlinkDecodeError.None;
        var reader = new NetlinkReader(datagram);
        while (true)
        {
            if (!reader.TryRead(out var message, out var error))
            {
                if (error != NetlinkDecodeError.None)
                {
                    malformed++;
                    lastReason = error;
                    events.Add(new EventsLost());
                }

                return malformed;
            }

            if (!EventMessage.TryParse(message, out var change, out error))
            {
                malformed++;
                lastReason = error;
                events.Add(new EventsLost());
            }
            else if (change is not null)
            {
                events.Add(change);
            }
        }
    }
}
