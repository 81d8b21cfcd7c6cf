using Appliance.Config;

namespace Appliance.Supervisor.Configuration;

/// <summary>
/// The timeline of a commit-confirmed change, as a pure core: the edge persists what <see cref="Handle"/> returns
/// (before it writes or applies the change) and arms a timer at <see cref="NextDeadline"/>. Times are wall-clock,
/// because the deadline must mean the same thing to the next process.
/// The rule across restarts: a window survives only an orderly stop of the supervisor within the same boot (a
/// service restart), and keeps its deadline; a crash, a kill, a power cut, a reboot of the machine, or a deadline
/// that passed while nobody ran rolls back before any VRRP instance starts (Junos rolls back across reboots).
/// </summary>
internal sealed class ConfirmWindow
{
    /// <summary>The change that waits for its confirmation, or null.</summary>
    public PendingChange? Pending { get; private set; }

    public DateTimeOffset? NextDeadline => Pending?.Deadline;

    public ConfirmAction Handle(DateTimeOffset now, ConfirmInput input)
    {
        switch (input)
        {
            case ConfirmInput.Found(null, _):
                return ConfirmAction.None;
            case ConfirmInput.Found({ } found, var bootId):
                if (now >= found.Deadline)
                {
                    return RollBack(found, $"the confirmation deadline ({found.Deadline:u}) passed while the supervisor was not running");
                }

                if (found.BootId != bootId)
                {
                    return RollBack(found, "the machine restarted inside the confirmation window");
                }

                if (!found.HandedOver)
                {
                    return RollBack(found, "the supervisor was interrupted (crash, kill or power cut) inside the confirmation window");
                }

                // Resumed: armed again, so a crash from here on rolls back like any other.
                Pending = found with { HandedOver = false };
                return new ConfirmAction.Persist(Pending, $"the confirmation window resumes; {(found.Deadline - now).TotalSeconds:0} s left");
            case ConfirmInput.Commit commit when commit.Within is { } within:
                // A second confirmed commit inside the window keeps the oldest text to go back to.
                Pending = new PendingChange(Pending?.PreviousText ?? commit.PreviousText, now + within, commit.BootId, false, commit.Changes);
                return new ConfirmAction.Persist(Pending, null);
            case ConfirmInput.Commit:
                // A plain commit inside the window confirms what went before (as in Junos).
                return Clear();
            case ConfirmInput.Confirm:
                return Clear();
            case ConfirmInput.Tick when Pending is { } pending && now >= pending.Deadline:
                return RollBack(pending, "the commit was not confirmed in time");
            case ConfirmInput.RollBackRequested when Pending is { } pending:
                return RollBack(pending, "rollback requested");
            case ConfirmInput.Replaced:
                return Clear();
            case ConfirmInput.OrderlyStop when Pending is { } pending:
                Pending = pending with { HandedOver = true };
                return new ConfirmAction.Persist(Pending, "the confirmation window is kept for a restart of the supervisor in this boot");
            default:
                return ConfirmAction.None;
        }
    }

    /// <summary>A commit whose write failed changed nothing: the window is what it was before it.</summary>
    public void Restore(PendingChange? before) => Pending = before;

    private ConfirmAction Clear()
    {
        var had = Pending is not null;
        Pending = null;
        return had ? ConfirmAction.ClearPending : ConfirmAction.None;
    }

    private ConfirmAction.RollBack RollBack(PendingChange pending, string reason)
    {
        Pending = null;
        return new ConfirmAction.RollBack(pending.PreviousText, reason);
    }
}

internal abstract record ConfirmInput
{
    /// <summary>At start: the pending change found on the data partition (or null), and this boot's id.</summary>
    public sealed record Found(PendingChange? Pending, string BootId) : ConfirmInput;

    /// <summary>A commit is about to be written: with <see cref="Within"/> it must be confirmed in that time.</summary>
    public sealed record Commit(string PreviousText, TimeSpan? Within, IReadOnlyList<string> Changes, string BootId) : ConfirmInput;

    public sealed record Confirm : ConfirmInput;

    /// <summary>The timer at <see cref="ConfirmWindow.NextDeadline"/> fired.</summary>
    public sealed record Tick : ConfirmInput;

    public sealed record RollBackRequested : ConfirmInput;

    /// <summary>The file was replaced from outside (SIGHUP reload): nothing to go back to any more.</summary>
    public sealed record Replaced : ConfirmInput;

    /// <summary>The supervisor stops in an orderly way and the machine keeps running (a service restart).</summary>
    public sealed record OrderlyStop : ConfirmInput;
}

internal abstract record ConfirmAction
{
    public static readonly ConfirmAction None = new Nothing();

    public static readonly ConfirmAction ClearPending = new Clear();

    public sealed record Nothing : ConfirmAction;

    /// <summary>Write the pending change durably (before the change it guards); <see cref="Note"/> is for the log.</summary>
    public sealed record Persist(PendingChange Pending, string? Note) : ConfirmAction;

    /// <summary>Remove the pending change durably.</summary>
    public sealed record Clear : ConfirmAction;

    /// <summary>Put <see cref="PreviousText"/> back (file and running parts), then remove the pending change.</summary>
    public sealed record RollBack(string PreviousText, string Reason) : ConfirmAction;
}
