using Appliance.Linux;
using Appliance.Supervisor.Init;

namespace Appliance.Supervisor.Tests.Init;

/// <summary>The end of the machine as PID 1, on a fake machine with a virtual clock.</summary>
public sealed class OrderlyEndTests
{
    private readonly FakeMachine _machine = new();
    private readonly List<string> _report = [];

    [Fact]
    public void Processes_that_end_at_SIGTERM_get_no_SIGKILL_and_data_is_read_only_before_sync_and_reboot()
    {
        _machine.Processes[100] = 0.5;
        _machine.Processes[101] = 1.0;

        OrderlyEnd.Run(_machine, powerOff: false, _report.Add);

        Assert.Equal(["kill -15", "remount-ro /data", "sync", "reboot"], _machine.Calls);
        Assert.Equal(
            [
                "sending SIGTERM to 2 process(es): 100 101",
                "all processes ended after SIGTERM",
                "/data remounted read-only",
                "file systems synced",
                "rebooting",
            ],
            _report);
        Assert.InRange(_machine.Now, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.1));
    }

    [Fact]
    public void A_process_that_ignores_SIGTERM_is_killed_after_the_grace()
    {
        _machine.Processes[100] = 0.2;
        _machine.Processes[200] = null; // ignores SIGTERM

        OrderlyEnd.Run(_machine, powerOff: true, _report.Add);

        Assert.Equal(["kill -15", "kill -9", "remount-ro /data", "sync", "power-off"], _machine.Calls);
        Assert.Contains("1 process(es) still running 3 s after SIGTERM: 200", _report);
        Assert.Contains("sending SIGKILL to 1 process(es): 200", _report);
        Assert.Contains("all processes ended after SIGKILL", _report);
        Assert.Equal("powering off", _report[^1]);
        Assert.InRange(_machine.Now, OrderlyEnd.TermGrace, OrderlyEnd.TermGrace + TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Every_failure_is_reported_and_the_reboot_still_happens()
    {
        _machine.Processes[300] = null;
        _machine.Unkillable.Add(300); // a process in uninterruptible sleep
        _machine.RemountFails = true;

        OrderlyEnd.Run(_machine, powerOff: false, _report.Add);

        Assert.Contains("1 process(es) survived SIGKILL: 300", _report);
        Assert.Contains(_report, line => line.StartsWith("failed: remount /data read-only", StringComparison.Ordinal));
        Assert.Equal(["kill -15", "kill -9", "remount-ro /data", "sync", "reboot"], _machine.Calls);
        Assert.InRange(_machine.Now, OrderlyEnd.TermGrace + OrderlyEnd.KillGrace, OrderlyEnd.TermGrace + OrderlyEnd.KillGrace + TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Nothing_left_and_no_data_partition_goes_straight_to_sync_and_reboot()
    {
        _machine.DataMounted = false;

        OrderlyEnd.Run(_machine, powerOff: false, _report.Add);

        Assert.Equal(["sync", "reboot"], _machine.Calls);
        Assert.Equal(["no processes left to stop", "/data is not mounted; nothing to remount", "file systems synced", "rebooting"], _report);
    }

    /// <summary>Processes with the seconds after SIGTERM at which they end (null: never at SIGTERM).</summary>
    private sealed class FakeMachine : IEndingMachine
    {
        private TimeSpan? _termAt;

        public Dictionary<int, double?> Processes { get; } = [];

        public HashSet<int> Unkillable { get; } = [];

        public List<string> Calls { get; } = [];

        public bool DataMounted { get; set; } = true;

        public bool RemountFails { get; set; }

        public TimeSpan Now { get; private set; }

        public void Sleep(TimeSpan duration) => Now += duration;

        public void SignalAll(int signal)
        {
            Calls.Add($"kill -{signal}");
            if (signal == 15)
            {
                _termAt = Now;
            }
            else
            {
                foreach (var pid in Processes.Keys.Where(p => !Unkillable.Contains(p)).ToList())
                {
                    Processes.Remove(pid);
                }
            }
        }

        public IReadOnlyList<int> Remaining() =>
            Processes.Where(p => _termAt is null || p.Value is null || Now - _termAt.Value < TimeSpan.FromSeconds(p.Value.Value))
                .Select(p => p.Key).Order().ToList();

        public bool IsMounted(string path) => DataMounted && path == "/data";

        public void RemountReadOnly(string path)
        {
            Calls.Add($"remount-ro {path}");
            if (RemountFails)
            {
                throw new SystemCallException(Errno.EBUSY, $"remount {path} read-only");
            }
        }

        public void Sync() => Calls.Add("sync");

        public void Reboot(bool powerOff) => Calls.Add(powerOff ? "power-off" : "reboot");
    }
}
