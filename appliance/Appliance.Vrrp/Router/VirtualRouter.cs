using System.Net;
using Appliance.Vrrp.Wire;

namespace Appliance.Vrrp.Router;

/// <summary>
/// One virtual router: the state machine of RFC 9568 6.4 (and RFC 3768 6.4 for v2), with no I/O and no clock.
/// <list type="bullet">
/// <item><c>Handle(now, event)</c> feeds an input; time arrives only as <c>now</c>, on any monotonic scale.</item>
/// <item><c>TryDequeueAction</c> drains the outputs in the order they must be carried out.</item>
/// <item><c>NextDeadline</c> says when to deliver <see cref="RouterEvent.TimerExpired"/>.</item>
/// </list>
/// Every transition goes through <see cref="ChangeState"/>, which counts it and emits one StateChanged with its
/// reason. A single thread owns an instance.
/// </summary>
public sealed partial class VirtualRouter
{
    private readonly Queue<RouterAction> _actions = new();
    private readonly HashSet<string> _downObjects = new(StringComparer.OrdinalIgnoreCase);
    private VirtualRouterOptions _options;
    private bool _linkUp = true;

    private TimeSpan? _adverTimer;
    private TimeSpan? _masterDownTimer;
    private TimeSpan? _announceTimer;
    private TimeSpan? _releaseDeadline;
    private TimeSpan? _refreshTimer;
    private int _announcesLeft;
    private MasterDownCause _masterDownCause;
    private IPAddress? _masterDownSource;
    private byte _masterDownPriority;
    private RouterAction.SendAdvertisement? _lastSent;
    private VirtualRouterOptions? _lastSentOptions;

    private TimeSpan _masterAdverInterval;
    private TimeSpan _preemptAllowedAt;
    private TimeSpan _holdUntil;
    private TimeSpan? _lastLowerPriorityAnswer;
    private VirtualRouterState _releaseTarget;
    private IPAddress? _successor;

    public VirtualRouter(VirtualRouterOptions options)
    {
        options.Validate();
        _options = options;
        _masterAdverInterval = options.AdvertisementInterval;
    }

    public VirtualRouterOptions Options => _options;

    public string Name => _options.Name;

    public byte VirtualRouterId => _options.VirtualRouterId;

    public VirtualRouterState State { get; private set; } = VirtualRouterState.Initialize;

    public RouterCounters Counters { get; } = new();

    /// <summary>Configured priority adjusted by the weights of tracked objects that are down; 255 stays 255.</summary>
    public byte EffectivePriority
    {
        get
        {
            if (_options.IsOwner)
            {
                return VrrpProtocol.OwnerPriority;
            }

            // An index loop: this runs with every advertisement, and a foreach over the list allocates an enumerator.
            var priority = (int)_options.Priority;
            var track = _options.Track;
            for (var i = 0; i < track.Count; i++)
            {
                if (!track[i].Fault && _downObjects.Contains(track[i].Name))
                {
                    priority += track[i].Weight;
                }
            }

            return (byte)Math.Clamp(priority, 1, 254);
        }
    }

    /// <summary>Master_Adver_Interval: learned from the master's advertisements in v3 (RFC 9568 6.4.2).</summary>
    public TimeSpan MasterAdverInterval => _masterAdverInterval;

    public TimeSpan SkewTime => VrrpTiming.SkewTime(_options.Version, EffectivePriority, _masterAdverInterval);

    public TimeSpan MasterDownInterval => VrrpTiming.MasterDownInterval(_options.Version, EffectivePriority, _masterAdverInterval);

    /// <summary>The router believed to be master: ourselves, the sender of the last accepted advertisement, or none.</summary>
    public IPAddress? MasterAddress { get; private set; }

    public byte? MasterPriority { get; private set; }

    public bool HoldsVirtualAddresses => State is VirtualRouterState.Master or VirtualRouterState.Releasing;

    public bool IsFaulted => !_linkUp || _options.Track.Any(t => t.Fault && _downObjects.Contains(t.Name));

    public RouterTimers Timers => new(_adverTimer, _masterDownTimer, _announceTimer, _releaseDeadline, _refreshTimer);

    public TimeSpan? NextDeadline => Timers.Next;

    /// <summary>Until when a planned failover keeps this router from preempting back.</summary>
    public TimeSpan HoldUntil => _holdUntil;

    public (TimeSpan At, string Reason)? LastTransition { get; private set; }

    /// <summary>A sync group member in Backup whose Master_Down_Timer fired: it becomes master when its group elects it.</summary>
    public bool WantsMaster { get; private set; }

    public bool TryDequeueAction(out RouterAction action) => _actions.TryDequeue(out action!);

    // RFC 9568 6.4.1: Startup in Initialize (the table ignores it elsewhere).
    private void OnStartup(TimeSpan now)
    {
        if (IsFaulted)
        {
            EnterFault(now, FaultReason());
        }
        else if (_options.IsOwner)
        {
            BecomeMaster(now, "startup as address owner (priority 255)");
        }
        else
        {
            EnterBackup(now, "startup");
        }
    }

    private void OnTimers(TimeSpan now)
    {
        if (_releaseDeadline <= now)
        {
            FinishRelease(now, _successor is { } successor
                ? $"new master {successor} heard"
                : $"no new master heard within {Advertisement.FormatInterval(_options.EffectiveReleaseTimeout)}");
            return;
        }

        if (_masterDownTimer <= now)
        {
            _masterDownTimer = null;
            if (_options.ElectsWithGroup)
            {
                // keepalived's vrrp_sync_group: master only together with every other member, so that a dual-stack
                // site never ends with IPv4 on one box and IPv6 on the other. The wish lasts until a master this
                // router accepts is heard again (BackupReceives).
                SetWantsMaster(true);
                return;
            }

            // RFC 9568 6.4.2: Master_Down_Timer fires -> send, announce, Active.
            BecomeMaster(now, MasterDownReason());
            return;
        }

        if (_adverTimer <= now)
        {
            // RFC 9568 6.4.3: Adver_Timer fires -> send an advertisement and reset it. A releasing router repeats
            // priority 0 in case the first one was lost.
            SendAdvertisement(State == VirtualRouterState.Releasing ? VrrpProtocol.ResignPriority : EffectivePriority);
            _adverTimer = now + _options.AdvertisementInterval;
        }

        if (_announceTimer <= now)
        {
            AnnounceNext(now);
        }

        if (_refreshTimer <= now)
        {
            // keepalived's garp_master_refresh: every address again, in one action, while we stay master.
            Counters.AnnounceRefreshes++;
            _actions.Enqueue(new RouterAction.Announce(_options.VirtualAddresses));
            _refreshTimer = RefreshDeadline(now);
        }
    }

    private TimeSpan? RefreshDeadline(TimeSpan now) => _options.AnnounceRefresh is { } every ? now + every : null;

    /// <summary>
    /// Any positive-priority advertisement comes from a master: our successor is in place. Linger a moment (both hold
    /// the addresses; stragglers are still served here), then let go.
    /// </summary>
    private void ReleasingReceives(TimeSpan now, RouterEvent.AdvertisementReceived received)
    {
        if (!received.Advertisement.IsResignation && _successor is null)
        {
            LearnMaster(received.Advertisement, received.Source);
            _successor = received.Source;
            _releaseDeadline = now + _options.ReleaseLinger;
        }
    }

    private void OnLinkChanged(TimeSpan now, bool up)
    {
        _linkUp = up;
        OnHealthChanged(now, up ? "interface up" : "interface down");
    }

    private void OnGroupElected(TimeSpan now, string reason)
    {
        if (WantsMaster)
        {
            BecomeMaster(now, reason);
        }
    }

    /// <summary>
    /// As on shutdown (RFC 9568 6.4.3), priority 0 lets the peer's member take over after Skew_Time instead of
    /// Master_Down_Interval: the group arrives there together.
    /// </summary>
    private void OnGroupYielded(TimeSpan now, string reason)
    {
        SendAdvertisement(VrrpProtocol.ResignPriority);
        EnterBackup(now, reason);
    }

    // RFC 9568 6.4.2, Backup receives an ADVERTISEMENT.
    private void BackupReceives(TimeSpan now, RouterEvent.AdvertisementReceived received)
    {
        var (advertisement, source) = (received.Advertisement, received.Source);
        if (advertisement.IsResignation)
        {
            if (WantsMaster)
            {
                return; // already past its timer: nothing is left to shorten
            }

            // "Set the Master_Down_Timer to Skew_Time": the best backup takes over first.
            _masterDownTimer = now + SkewTime;
            SetMasterDownCause(MasterDownCause.Resigned, source, advertisement.Priority);
            return;
        }

        if (!PreemptsNow(now) || advertisement.Priority >= EffectivePriority)
        {
            LearnMaster(advertisement, source);
            SetWantsMaster(false);
            _masterDownTimer = now + MasterDownInterval;
            SetMasterDownCause(MasterDownCause.Expired, source, advertisement.Priority);
            return;
        }

        // "Discard the ADVERTISEMENT": the master down timer runs out and we preempt.
        Counters.LowerPriorityIgnored++;
        SetMasterDownCause(MasterDownCause.Preempted, source, advertisement.Priority);
    }

    /// <summary>
    /// Why the master down timer will have fired, kept as values: a backup hears the master with every
    /// advertisement, and formatting the sentence each time would allocate on the steady path.
    /// </summary>
    private void SetMasterDownCause(MasterDownCause cause, IPAddress source, byte priority)
    {
        _masterDownCause = cause;
        _masterDownSource = source;
        _masterDownPriority = priority;
    }

    private string MasterDownReason() => _masterDownCause switch
    {
        MasterDownCause.Resigned => $"master {_masterDownSource} resigned (priority 0), took over after skew time",
        MasterDownCause.Expired => $"master down timer expired (last master {_masterDownSource})",
        MasterDownCause.Preempted => $"preempted lower priority {_masterDownPriority} master {_masterDownSource}",
        _ => "master down timer expired",
    };

    private enum MasterDownCause
    {
        None,
        Resigned,
        Expired,
        Preempted,
    }

    // RFC 9568 6.4.3, Active (Master) receives an ADVERTISEMENT.
    private void MasterReceives(TimeSpan now, RouterEvent.AdvertisementReceived received)
    {
        var (advertisement, source) = (received.Advertisement, received.Source);
        if (advertisement.IsResignation)
        {
            SendAdvertisement(EffectivePriority);
            _adverTimer = now + _options.AdvertisementInterval;
            return;
        }

        var ours = EffectivePriority;
        if (advertisement.Priority > ours)
        {
            LearnMaster(advertisement, source);
            EnterBackup(now, $"higher priority {advertisement.Priority} from {source}");
            return;
        }

        if (advertisement.Priority == ours && CompareAddresses(source, _options.PrimaryAddress) > 0)
        {
            LearnMaster(advertisement, source);
            EnterBackup(now, $"equal priority {advertisement.Priority} from higher address {source}");
            return;
        }

        // Another master with less right to it: two masters (a healed split brain, a peer's link flap). The RFC
        // discards, but then clients may keep the other box's MAC until it steps down; answer at once and announce
        // again, at most once per advertisement interval so that a flood of such packets costs little.
        if (_lastLowerPriorityAnswer is { } last && now - last < _options.AdvertisementInterval)
        {
            return;
        }

        _lastLowerPriorityAnswer = now;
        Counters.LowerPriorityMasterAnswered++;
        SendAdvertisement(ours);
        _adverTimer = now + _options.AdvertisementInterval;
        StartAnnouncing(now);
    }

    private void OnTrackedObjectChanged(TimeSpan now, string name, bool up)
    {
        var tracked = _options.Track.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
        if (tracked is null)
        {
            return;
        }

        var before = EffectivePriority;
        var changed = up ? _downObjects.Remove(tracked.Name) : _downObjects.Add(tracked.Name);
        if (!changed)
        {
            return;
        }

        if (tracked.Fault)
        {
            OnHealthChanged(now, $"tracked {tracked.Name} {(up ? "up" : "down")}");
        }
        else if (EffectivePriority != before)
        {
            OnPriorityChanged(now);
        }
    }

    /// <summary>Enters or leaves Fault after the link or a fault-tracked object changed.</summary>
    private void OnHealthChanged(TimeSpan now, string reason)
    {
        if (IsFaulted)
        {
            switch (State)
            {
                case VirtualRouterState.Backup:
                case VirtualRouterState.Master:
                    EnterFault(now, reason);
                    break;
                case VirtualRouterState.Releasing when _releaseTarget == VirtualRouterState.Initialize:
                    FinishRelease(now, reason);
                    break;
                case VirtualRouterState.Releasing:
                    EnterFault(now, reason);
                    break;
            }
        }
        else if (State == VirtualRouterState.Fault)
        {
            if (_options.IsOwner)
            {
                BecomeMaster(now, $"{reason}, address owner");
            }
            else
            {
                EnterBackup(now, $"{reason}, fault cleared");
            }
        }
    }

    /// <summary>A master tells its backups at once, so a backup that now has the better claim can preempt.</summary>
    private void OnPriorityChanged(TimeSpan now)
    {
        if (State == VirtualRouterState.Master)
        {
            SendAdvertisement(EffectivePriority);
            _adverTimer = now + _options.AdvertisementInterval;
        }
    }

    private void OnReconfigured(TimeSpan now, VirtualRouterOptions options)
    {
        options.Validate();
        if (options.VirtualRouterId != _options.VirtualRouterId || options.Version != _options.Version || options.Family != _options.Family)
        {
            throw new ArgumentException($"vrrp instance {_options.Name}: VRID, version and family cannot change live; restart the instance");
        }

        var old = _options;
        var priorityBefore = EffectivePriority;
        _options = options;
        _downObjects.RemoveWhere(name => !options.Track.Any(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)));
        // A v3 backup keeps the interval it learned from the master; everywhere else it is our own.
        if (options.Version == VrrpVersion.V2 || State != VirtualRouterState.Backup)
        {
            _masterAdverInterval = options.AdvertisementInterval;
        }

        if (HoldsVirtualAddresses)
        {
            var removed = old.VirtualAddresses.Except(options.VirtualAddresses).ToArray();
            var added = options.VirtualAddresses.Except(old.VirtualAddresses).ToArray();
            if (removed.Length > 0)
            {
                _actions.Enqueue(new RouterAction.RemoveVirtualAddresses(removed));
            }

            if (added.Length > 0)
            {
                _actions.Enqueue(new RouterAction.AddVirtualAddresses(added));
                _actions.Enqueue(new RouterAction.Announce(added));
            }
        }

        if (State == VirtualRouterState.Master && old.AnnounceRefresh != options.AnnounceRefresh)
        {
            _refreshTimer = RefreshDeadline(now);
        }

        if (WantsMaster && !options.ElectsWithGroup)
        {
            // Out of its group while waiting for it: the timer that fired decides alone now.
            SetWantsMaster(false);
            _masterDownTimer = now;
        }

        OnHealthChanged(now, IsFaulted ? FaultReason() : "configuration changed");
        if (State == VirtualRouterState.Backup && options.IsOwner)
        {
            BecomeMaster(now, "became address owner (priority 255)");
        }
        else if (State == VirtualRouterState.Master
            && (EffectivePriority != priorityBefore
                || old.AdvertisementInterval != options.AdvertisementInterval
                || !old.VirtualAddresses.SequenceEqual(options.VirtualAddresses)))
        {
            OnPriorityChanged(now);
        }
    }

    private void MasterShutsDown(TimeSpan now, bool handover)
    {
        if (handover)
        {
            StartRelease(now, VirtualRouterState.Initialize, "shutdown: handing over");
            return;
        }

        // RFC 9568 6.4.3: Shutdown -> send an ADVERTISEMENT with Priority 0, go to Initialize.
        SendAdvertisement(VrrpProtocol.ResignPriority);
        RemoveAllAddresses();
        ChangeState(now, VirtualRouterState.Initialize, "shutdown");
    }

    private void ReleasingShutsDown(TimeSpan now, bool handover)
    {
        if (handover)
        {
            _releaseTarget = VirtualRouterState.Initialize;
            return;
        }

        RemoveAllAddresses();
        ChangeState(now, VirtualRouterState.Initialize, "shutdown");
    }

    private void StartResign(TimeSpan now, TimeSpan holdFor)
    {
        _holdUntil = now + holdFor;
        StartRelease(now, VirtualRouterState.Backup, $"failover requested, holding back for {Advertisement.FormatInterval(holdFor)}");
    }

    private void StartRelease(TimeSpan now, VirtualRouterState target, string reason)
    {
        _releaseTarget = target;
        _successor = null;
        ChangeState(now, VirtualRouterState.Releasing, reason);
        SendAdvertisement(VrrpProtocol.ResignPriority);
        _adverTimer = now + _options.AdvertisementInterval;
        _announceTimer = null;
        _releaseDeadline = now + _options.EffectiveReleaseTimeout;
    }

    /// <summary>Make-before-break, second half: the successor announced itself (or time ran out), now let go.</summary>
    private void FinishRelease(TimeSpan now, string reason)
    {
        if (_releaseTarget == VirtualRouterState.Initialize)
        {
            RemoveAllAddresses();
            ChangeState(now, VirtualRouterState.Initialize, $"shutdown: {reason}");
        }
        else if (IsFaulted)
        {
            EnterFault(now, FaultReason());
        }
        else
        {
            EnterBackup(now, $"resigned: {reason}");
        }
    }

    private void BecomeMaster(TimeSpan now, string reason)
    {
        ChangeState(now, VirtualRouterState.Master, reason);
        Counters.BecameMaster++;
        MasterAddress = _options.PrimaryAddress;
        MasterPriority = EffectivePriority;
        _masterAdverInterval = _options.AdvertisementInterval;

        // Addresses first and the announcement before the advertisement: when the old master hears us and lets
        // go, clients already send to us (RFC 9568 6.4.2 sends the advertisement first; the order costs nothing).
        _actions.Enqueue(new RouterAction.AddVirtualAddresses(_options.VirtualAddresses));
        StartAnnouncing(now);
        SendAdvertisement(EffectivePriority);
        _adverTimer = now + _options.AdvertisementInterval;
        _refreshTimer = RefreshDeadline(now);
    }

    /// <summary>
    /// Master_Adver_Interval is left as it is: the advertisement that sent us here has just set it (v3), and it was
    /// reset to our own interval on entering Master, Fault or Initialize.
    /// </summary>
    private void EnterBackup(TimeSpan now, string reason)
    {
        ChangeState(now, VirtualRouterState.Backup, reason);

        // Leaving Master drops the addresses; from Initialize this also clears what a crashed run left behind.
        RemoveAllAddresses();
        _preemptAllowedAt = now + _options.PreemptDelay;
        _masterDownTimer = now + MasterDownInterval;
        SetMasterDownCause(MasterDownCause.None, _options.PrimaryAddress, 0);
    }

    private void EnterFault(TimeSpan now, string reason)
    {
        var wasMaster = State == VirtualRouterState.Master;
        ChangeState(now, VirtualRouterState.Fault, reason);
        if (wasMaster && _linkUp)
        {
            // Resign at once rather than let backups wait Master_Down_Interval.
            SendAdvertisement(VrrpProtocol.ResignPriority);
        }

        RemoveAllAddresses();
        MasterAddress = null;
        MasterPriority = null;
    }

    private void ChangeState(TimeSpan now, VirtualRouterState to, string reason)
    {
        var from = State;
        State = to;
        _adverTimer = null;
        _masterDownTimer = null;
        _announceTimer = null;
        _releaseDeadline = null;
        _refreshTimer = null;
        WantsMaster = false; // a wish belongs to one stay in Backup; the node sees the transition itself
        if (to is VirtualRouterState.Initialize or VirtualRouterState.Fault)
        {
            _masterAdverInterval = _options.AdvertisementInterval;
        }

        Counters.Transitions++;
        LastTransition = (now, reason);
        _actions.Enqueue(new RouterAction.StateChanged(from, to, reason));
    }

    private void SetWantsMaster(bool wants)
    {
        if (WantsMaster != wants)
        {
            WantsMaster = wants;
            _actions.Enqueue(new RouterAction.MasterWanted(wants));
        }
    }

    private void LearnMaster(Advertisement advertisement, IPAddress source)
    {
        MasterAddress = source;
        MasterPriority = advertisement.Priority;

        // RFC 9568 6.4.2: "Set Master_Adver_Interval to Max Advertise Interval contained in the ADVERTISEMENT".
        // RFC 3768 has no such field to learn: the receiver has already checked that the intervals agree.
        if (_options.Version == VrrpVersion.V3)
        {
            _masterAdverInterval = BoundLearnedInterval(advertisement.Interval, source);
        }
    }

    /// <summary>
    /// The most a backup adopts as Master_Adver_Interval: <see cref="VirtualRouterOptions.MaxLearnedIntervalFactor"/>
    /// times its own configured interval, never above the 40.95 s the field can carry.
    /// </summary>
    public TimeSpan MaxLearnedInterval => TimeSpan.FromTicks(Math.Min(
        _options.AdvertisementInterval.Ticks * VirtualRouterOptions.MaxLearnedIntervalFactor, VrrpProtocol.V3MaximumInterval.Ticks));

    /// <summary>
    /// RFC 9568 6.1 defines Master_Adver_Interval as the interval "contained in ADVERTISEMENTs received from the
    /// Master", and 6.4.2 has a backup adopt it, so that backups follow a master configured differently; the RFC
    /// puts no bound on it. Adopted as it is, one misconfigured or forged higher-priority advertisement carrying
    /// 40.95 s stretches this backup's Master_Down_Interval (3 x Master_Adver_Interval + Skew_Time) to two minutes
    /// of outage. Only the upper side is bounded: a shorter interval only makes failover faster, and a master that
    /// really sends more slowly than the bound makes this backup take over between its advertisements, which the
    /// counter and the log explain. The advertisement itself is still used (its master is real); only the interval
    /// is capped.
    /// </summary>
    private TimeSpan BoundLearnedInterval(TimeSpan advertised, IPAddress source)
    {
        var bound = MaxLearnedInterval;
        if (advertised <= bound)
        {
            return advertised;
        }

        Counters.IntervalOutOfBounds++;
        Counters.LastIntervalOutOfBounds = $"{source} advertised {Advertisement.FormatInterval(advertised)}, above "
            + $"{VirtualRouterOptions.MaxLearnedIntervalFactor} x our {Advertisement.FormatInterval(_options.AdvertisementInterval)}: "
            + $"using {Advertisement.FormatInterval(bound)}";
        return bound;
    }

    private bool PreemptsNow(TimeSpan now) => _options.Preempt && now >= _preemptAllowedAt && now >= _holdUntil;

    private void StartAnnouncing(TimeSpan now)
    {
        _announcesLeft = _options.AnnounceCount;
        _announceTimer = null;
        AnnounceNext(now);
    }

    private void AnnounceNext(TimeSpan now)
    {
        if (_announcesLeft <= 0)
        {
            _announceTimer = null;
            return;
        }

        _actions.Enqueue(new RouterAction.Announce(_options.VirtualAddresses));
        _announcesLeft--;
        _announceTimer = _announcesLeft > 0 ? now + _options.AnnounceInterval : null;
    }

    private void SendAdvertisement(byte priority)
    {
        Counters.AdvertisementsSent++;
        if (priority == VrrpProtocol.ResignPriority)
        {
            Counters.ResignationsSent++;
        }

        _actions.Enqueue(AdvertisementAction(priority));
    }

    /// <summary>
    /// The action for an advertisement with this priority: the same (immutable) one as last time while the priority
    /// and options stay, so that a master's steady stream of advertisements allocates nothing.
    /// </summary>
    private RouterAction.SendAdvertisement AdvertisementAction(byte priority)
    {
        if (_lastSent is { } last && last.Advertisement.Priority == priority && ReferenceEquals(_lastSentOptions, _options))
        {
            return last;
        }

        var addresses = ReferenceEquals(_lastSentOptions, _options) && _lastSent is { } previous
            ? previous.Advertisement.Addresses
            : _options.VirtualAddresses.Select(a => a.Address).ToArray();
        _lastSentOptions = _options;
        _lastSent = new RouterAction.SendAdvertisement(new Advertisement
        {
            Version = _options.Version,
            VirtualRouterId = _options.VirtualRouterId,
            Priority = priority,
            Interval = _options.AdvertisementInterval,
            Family = _options.Family,
            Addresses = addresses,
        });
        return _lastSent;
    }

    private void RemoveAllAddresses() => _actions.Enqueue(new RouterAction.RemoveVirtualAddresses(_options.VirtualAddresses));

    private string FaultReason() =>
        !_linkUp ? "interface down" : $"tracked {string.Join(", ", _options.Track.Where(t => t.Fault && _downObjects.Contains(t.Name)).Select(t => t.Name))} down";

    /// <summary>RFC 9568 6.4.3: "unsigned integer comparison of the IPvX addresses in network byte order".</summary>
    public static int CompareAddresses(IPAddress a, IPAddress b)
    {
        Span<byte> x = stackalloc byte[16];
        Span<byte> y = stackalloc byte[16];
        a.TryWriteBytes(x, out var lengthA);
        b.TryWriteBytes(y, out var lengthB);
        return x[..lengthA].SequenceCompareTo(y[..lengthB]);
    }
}
