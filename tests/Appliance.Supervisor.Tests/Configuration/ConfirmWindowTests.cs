using Appliance.Config;
using Appliance.Supervisor.Configuration;

namespace Appliance.Supervisor.Tests.Configuration;

/// <summary>The commit-confirmed timeline on a virtual wall clock, across restarts of the supervisor and of the machine.</summary>
public sealed class ConfirmWindowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 4, 0, 0, TimeSpan.Zero);
    private const string Boot = "boot-1";

    private static (ConfirmWindow Window, PendingChange Pending) Committed(TimeSpan within)
    {
        var window = new ConfirmWindow();
        var action = window.Handle(T0, new ConfirmInput.Commit("old text", within, ["vrrp web priority: 100 -> 200"], Boot));
        return (window, Assert.IsType<ConfirmAction.Persist>(action).Pending);
    }

    [Fact]
    public void A_confirmed_commit_is_persisted_with_a_wall_clock_deadline_before_it_is_written()
    {
        var (window, pending) = Committed(TimeSpan.FromSeconds(60));

        Assert.Equal("old text", pending.PreviousText);
        Assert.Equal(T0.AddSeconds(60), pending.Deadline);
        Assert.Equal(Boot, pending.BootId);
        Assert.False(pending.HandedOver);
        Assert.Equal(T0.AddSeconds(60), window.NextDeadline);
    }

    [Fact]
    public void The_previous_text_comes_back_at_the_deadline_and_not_before()
    {
        var (window, _) = Committed(TimeSpan.FromSeconds(60));

        Assert.IsType<ConfirmAction.Nothing>(window.Handle(T0.AddSeconds(59.9), new ConfirmInput.Tick()));
        var back = Assert.IsType<ConfirmAction.RollBack>(window.Handle(T0.AddSeconds(60), new ConfirmInput.Tick()));

        Assert.Equal("old text", back.PreviousText);
        Assert.Contains("not confirmed in time", back.Reason);
        Assert.Null(window.Pending);
        Assert.Null(window.NextDeadline);
    }

    [Fact]
    public void A_confirmation_inside_the_window_clears_it_and_a_second_one_finds_nothing()
    {
        var (window, _) = Committed(TimeSpan.FromSeconds(60));

        Assert.IsType<ConfirmAction.Clear>(window.Handle(T0.AddSeconds(30), new ConfirmInput.Confirm()));
        Assert.IsType<ConfirmAction.Nothing>(window.Handle(T0.AddSeconds(31), new ConfirmInput.Confirm()));
        Assert.IsType<ConfirmAction.Nothing>(window.Handle(T0.AddSeconds(120), new ConfirmInput.Tick()));
    }

    [Fact]
    public void A_second_confirmed_commit_keeps_the_oldest_text_and_moves_the_deadline()
    {
        var (window, _) = Committed(TimeSpan.FromSeconds(60));

        var second = Assert.IsType<ConfirmAction.Persist>(window.Handle(T0.AddSeconds(10), new ConfirmInput.Commit("middle text", TimeSpan.FromSeconds(30), [], Boot)));

        Assert.Equal("old text", second.Pending.PreviousText);
        Assert.Equal(T0.AddSeconds(40), second.Pending.Deadline);
    }

    [Fact]
    public void A_plain_commit_inside_the_window_confirms_it()
    {
        var (window, _) = Committed(TimeSpan.FromSeconds(60));

        Assert.IsType<ConfirmAction.Clear>(window.Handle(T0.AddSeconds(10), new ConfirmInput.Commit("newer", null, [], Boot)));
        Assert.Null(window.Pending);
    }

    [Fact]
    public void A_crash_inside_the_window_rolls_back_at_the_next_start()
    {
        var (_, pending) = Committed(TimeSpan.FromSeconds(60));
        var restarted = new ConfirmWindow();

        var back = Assert.IsType<ConfirmAction.RollBack>(restarted.Handle(T0.AddSeconds(5), new ConfirmInput.Found(pending, Boot)));

        Assert.Equal("old text", back.PreviousText);
        Assert.Contains("interrupted", back.Reason);
        Assert.Null(restarted.Pending);
    }

    [Fact]
    public void An_orderly_restart_in_the_same_boot_resumes_the_window_with_its_deadline()
    {
        var (window, _) = Committed(TimeSpan.FromSeconds(60));
        var kept = Assert.IsType<ConfirmAction.Persist>(window.Handle(T0.AddSeconds(5), new ConfirmInput.OrderlyStop())).Pending;
        Assert.True(kept.HandedOver);

        var restarted = new ConfirmWindow();
        var resumed = Assert.IsType<ConfirmAction.Persist>(restarted.Handle(T0.AddSeconds(8), new ConfirmInput.Found(kept, Boot)));

        // Armed again: a crash from here on rolls back.
        Assert.False(resumed.Pending.HandedOver);
        Assert.Equal(T0.AddSeconds(60), restarted.NextDeadline);
        Assert.IsType<ConfirmAction.Clear>(restarted.Handle(T0.AddSeconds(20), new ConfirmInput.Confirm()));
    }

    [Fact]
    public void An_orderly_restart_that_is_not_confirmed_still_rolls_back_at_the_first_deadline()
    {
        var (window, _) = Committed(TimeSpan.FromSeconds(60));
        var kept = Assert.IsType<ConfirmAction.Persist>(window.Handle(T0.AddSeconds(5), new ConfirmInput.OrderlyStop())).Pending;
        var restarted = new ConfirmWindow();
        restarted.Handle(T0.AddSeconds(8), new ConfirmInput.Found(kept, Boot));

        Assert.IsType<ConfirmAction.Nothing>(restarted.Handle(T0.AddSeconds(59), new ConfirmInput.Tick()));
        Assert.IsType<ConfirmAction.RollBack>(restarted.Handle(T0.AddSeconds(60), new ConfirmInput.Tick()));
    }

    [Fact]
    public void A_reboot_inside_the_window_rolls_back_even_after_an_orderly_stop()
    {
        var (window, _) = Committed(TimeSpan.FromSeconds(60));
        var kept = Assert.IsType<ConfirmAction.Persist>(window.Handle(T0.AddSeconds(5), new ConfirmInput.OrderlyStop())).Pending;

        var back = Assert.IsType<ConfirmAction.RollBack>(new ConfirmWindow().Handle(T0.AddSeconds(30), new ConfirmInput.Found(kept, "boot-2")));

        Assert.Contains("machine restarted", back.Reason);
    }

    [Fact]
    public void A_deadline_that_passed_while_nothing_ran_rolls_back_at_start()
    {
        var (window, _) = Committed(TimeSpan.FromSeconds(60));
        var kept = Assert.IsType<ConfirmAction.Persist>(window.Handle(T0.AddSeconds(5), new ConfirmInput.OrderlyStop())).Pending;

        var back = Assert.IsType<ConfirmAction.RollBack>(new ConfirmWindow().Handle(T0.AddSeconds(60), new ConfirmInput.Found(kept, Boot)));

        Assert.Contains("deadline", back.Reason);
    }

    [Fact]
    public void A_start_without_a_pending_change_does_nothing()
    {
        var window = new ConfirmWindow();

        Assert.IsType<ConfirmAction.Nothing>(window.Handle(T0, new ConfirmInput.Found(null, Boot)));
        Assert.IsType<ConfirmAction.Nothing>(window.Handle(T0, new ConfirmInput.OrderlyStop()));
        Assert.IsType<ConfirmAction.Nothing>(window.Handle(T0, new ConfirmInput.RollBackRequested()));
    }

    [Fact]
    public void A_reload_of_an_edited_file_ends_the_window()
    {
        var (window, _) = Committed(TimeSpan.FromSeconds(60));

        Assert.IsType<ConfirmAction.Clear>(window.Handle(T0.AddSeconds(1), new ConfirmInput.Replaced()));
        Assert.IsType<ConfirmAction.Nothing>(window.Handle(T0.AddSeconds(61), new ConfirmInput.Tick()));
    }

    [Fact]
    public void The_pending_record_round_trips_and_a_damaged_one_is_refused_with_a_reason()
    {
        var pending = new PendingChange("[system]\nhostname = a\n\n[vrrp:web]\n", T0.AddSeconds(60), "0f1e-boot", true, ["a: 1 -> 2", "b: x\ny"]);

        var decoded = PendingChange.Decode(pending.Encode(), out var error);

        Assert.Null(error);
        Assert.NotNull(decoded);
        Assert.Equal(pending.PreviousText, decoded.PreviousText);
        Assert.Equal(pending.Deadline, decoded.Deadline);
        Assert.Equal(pending.BootId, decoded.BootId);
        Assert.True(decoded.HandedOver);
        Assert.Equal(["a: 1 -> 2", "b: x y"], decoded.Changes);

        Assert.Null(PendingChange.Decode("appliance-pending 1\ndeadline=12\n\ntext", out var missing));
        Assert.Contains("missing", missing);
        Assert.Null(PendingChange.Decode("[system]\nhostname = a\n", out var foreign));
        Assert.Contains("not a pending-change file", foreign);
        Assert.Null(PendingChange.Decode(pending.Encode().Replace("handed_over=1", "handed_over=yes", StringComparison.Ordinal), out var bad));
        Assert.Contains("unexpected header", bad);
        Assert.Null(PendingChange.Decode(new string('x', PendingChange.MaxBytes + 1), out var large));
        Assert.Contains("larger", large);
    }
}
