using Appliance.Linux.Sockets;
using Appliance.Supervisor.Control;

namespace Appliance.Supervisor.Tests.Control;

/// <summary>Slots, idle timeouts and eviction of the control socket, on a virtual clock.</summary>
public sealed class ControlSlotsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(100);

    [Fact]
    public void A_full_table_evicts_the_connection_idle_longest()
    {
        var slots = new ControlSlots(3, Timeout);
        var first = slots.Admit(T0).Id!.Value;
        var second = slots.Admit(T0 + TimeSpan.FromSeconds(1)).Id!.Value;
        var third = slots.Admit(T0 + TimeSpan.FromSeconds(2)).Id!.Value;
        slots.Progress(first, T0 + TimeSpan.FromSeconds(3));

        var (id, evict) = slots.Admit(T0 + TimeSpan.FromSeconds(4));

        Assert.NotNull(id);
        Assert.Equal(second, evict);
        Assert.Equal(3, slots.Count);
        Assert.Equal(1, slots.Evicted);
        Assert.NotEqual(third, id);
    }

    [Fact]
    public void Connections_being_answered_or_written_to_are_never_evicted()
    {
        var slots = new ControlSlots(2, Timeout);
        var waiting = slots.Admit(T0).Id!.Value;
        var writing = slots.Admit(T0).Id!.Value;
        slots.RequestStarted(waiting, T0);
        slots.SetWriting(writing, true, T0);

        Assert.Equal(((long?)null, (long?)null), slots.Admit(T0 + TimeSpan.FromSeconds(1)));
        Assert.Equal(1, slots.Refused);
        Assert.Equal(2, slots.Count);
    }

    [Fact]
    public void An_idle_or_half_sent_connection_times_out_but_one_waiting_for_its_answer_does_not()
    {
        var slots = new ControlSlots(32, Timeout);
        var silent = slots.Admit(T0).Id!.Value;
        var halfSent = slots.Admit(T0).Id!.Value;
        var waiting = slots.Admit(T0).Id!.Value;
        slots.Progress(halfSent, T0 + TimeSpan.FromSeconds(4));
        slots.RequestStarted(waiting, T0 + TimeSpan.FromSeconds(1));
        Assert.Equal(T0 + Timeout, slots.NextDeadline);

        Assert.Equal([silent], slots.Expire(T0 + Timeout));
        Assert.Equal(T0 + TimeSpan.FromSeconds(14), slots.NextDeadline);
        Assert.Equal([halfSent], slots.Expire(T0 + TimeSpan.FromSeconds(14)));
        Assert.Empty(slots.Expire(T0 + TimeSpan.FromHours(1)));
        Assert.Null(slots.NextDeadline);

        slots.RequestAnswered(waiting, T0 + TimeSpan.FromHours(1));
        Assert.Equal(T0 + TimeSpan.FromHours(1) + Timeout, slots.NextDeadline);
        Assert.Equal(2, slots.TimedOut);
    }

    [Fact]
    public void A_reader_that_stops_taking_its_answer_times_out()
    {
        var slots = new ControlSlots(4, Timeout);
        var slow = slots.Admit(T0).Id!.Value;
        slots.SetWriting(slow, true, T0);
        slots.Progress(slow, T0 + TimeSpan.FromSeconds(9));

        Assert.Empty(slots.Expire(T0 + TimeSpan.FromSeconds(18)));
        Assert.Equal([slow], slots.Expire(T0 + TimeSpan.FromSeconds(19)));
    }

    [Theory]
    [InlineData(0u, 0u, null, "Full")]
    [InlineData(1000u, 1000u, null, "None")]
    [InlineData(1000u, 1000u, 1000u, "Status")]
    [InlineData(1000u, 100u, 1000u, "None")]
    public void Access_follows_the_kernels_credentials(uint uid, uint gid, uint? statusGroup, string expected)
    {
        var level = ControlAccess.For(new PeerCredentials(42, uid, gid, []), statusGroup, out var described);

        Assert.Equal(expected, level.ToString());
        Assert.Contains($"uid {uid}", described, StringComparison.Ordinal);
    }

    [Fact]
    public void A_supplementary_group_counts_and_the_group_may_only_ask_for_status()
    {
        var level = ControlAccess.For(new PeerCredentials(42, 1000, 1000, [4, 1234]), 1234, out _);

        Assert.Equal(ControlAccessLevel.Status, level);
        Assert.True(ControlAccess.Allows(level, "status"));
        Assert.False(ControlAccess.Allows(level, "config.get"));
        Assert.False(ControlAccess.Allows(level, "console.login"));
        Assert.False(ControlAccess.Allows(level, "failover"));
        Assert.True(ControlAccess.Allows(ControlAccessLevel.Full, "reboot"));
        Assert.False(ControlAccess.Allows(ControlAccessLevel.None, "status"));
    }
}
