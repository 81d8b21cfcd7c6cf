using Appliance.Image.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Appliance.Image.Tests;

/// <summary>
/// The hardware watchdog (qemu's i6300esb, reset on expiry) and the orderly end of the box as PID 1, in one VM each.
/// </summary>
[Collection("image")]
public sealed class WatchdogTests(ImageFixture fixture, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);
    private readonly Scratch _scratch = new("watchdog");
    private QemuVm? _vm;

    [RequiresToolFact("qemu-system-x86_64")]
    public async Task A_supervisor_whose_event_loop_stops_is_reset_by_the_i6300esb_watchdog_within_its_timeout()
    {
        const int timeoutSeconds = 6;
        var ini = new BoxIni { Hostname = "dog", Address = "192.0.2.11/24", Watchdog = "/dev/watchdog", WatchdogTimeout = $"{timeoutSeconds}s" };
        var disk = DiskImage.Prepare(fixture.Image, _scratch, "dog", ini.ToString());
        _vm = new QemuVm(new QemuOptions { Disk = disk, Watchdog = true }, "dog");
        var first = await _vm.WaitForReadyAsync("dog", BootTests.Bound);

        // The driver came from the image by the device's modalias, and the supervisor armed it with its timeout.
        var shell = await SerialShell.OpenAsync(_vm, Step);
        var device = await shell.CheckAsync("cat /sys/class/watchdog/watchdog0/identity /sys/class/watchdog/watchdog0/timeout /sys/class/watchdog/watchdog0/state", Step);
        Assert.Equal(["i6300ESB timer", $"{timeoutSeconds}", "active"], device.Trim().Split('\n').Select(l => l.Trim()));

        shell.Start("appliance watchdog test");
        var hung = await _vm.WaitForAsync(@"watchdog self-test: event loop stopped", Step);

        // Nobody reboots the box but the watchdog: no orderly shutdown runs, the firmware starts over.
        var again = await _vm.WaitForReadyAsync("dog", TimeSpan.FromSeconds(timeoutSeconds) + BootTests.Bound);
        // The console shows nothing between the reset and the next boot's first line (quiet kernel): the bound above is
        // the watchdog's timeout plus a boot.
        output.WriteLine($"first boot ready at {first.At.TotalSeconds:0.0} s, loop stopped at {hung.At.TotalSeconds:0.0} s, ready again at {again.At.TotalSeconds:0.0} s");
        Assert.DoesNotContain("appliance: shutdown:", again.Before, StringComparison.Ordinal);
    }

    [RequiresToolFact("qemu-system-x86_64")]
    public async Task An_orderly_reboot_ends_every_process_remounts_data_read_only_and_the_next_mount_needs_no_journal_recovery()
    {
        var ini = new BoxIni { Hostname = "tidy", Address = "192.0.2.11/24", Watchdog = "/dev/watchdog" };
        var disk = DiskImage.Prepare(fixture.Image, _scratch, "tidy", ini.ToString());
        _vm = new QemuVm(new QemuOptions { Disk = disk, Watchdog = true }, "tidy");
        await _vm.WaitForReadyAsync("tidy", BootTests.Bound);

        // A process that ignores SIGTERM, as a stuck operator's tool would: only SIGKILL ends it.
        var shell = await SerialShell.OpenAsync(_vm, Step);
        // (HUP too: leaving the shell hangs up the console's terminal.)
        await shell.CheckAsync("setsid sh -c 'trap \"\" TERM HUP; echo $$ >/tmp/stubborn.pid; while :; do sleep 1; done' </dev/null >/dev/null 2>&1 & sleep 1", Step);
        await shell.CheckAsync("kill -0 $(cat /tmp/stubborn.pid)", Step);

        // The operator's way: back to the console menu, reboot, yes.
        shell.Start("exit");
        await _vm.WaitForAsync("Choice:", Step);
        _vm.Send("reboot\r");
        await _vm.WaitForAsync("Type yes:", Step);
        _vm.Send("yes\r");

        await _vm.WaitForAsync(@"appliance: shutdown: sending SIGTERM to \d+ process", Step);
        await _vm.WaitForAsync(@"appliance: shutdown: sending SIGKILL to \d+ process", Step);
        await _vm.WaitForAsync(@"appliance: shutdown: all processes ended after SIGKILL", Step);
        await _vm.WaitForAsync(@"appliance: shutdown: /data remounted read-only", Step);
        await _vm.WaitForAsync(@"appliance: shutdown: file systems synced", Step);
        await _vm.WaitForAsync(@"appliance: shutdown: rebooting", Step);
        await _vm.WaitForReadyAsync("tidy", BootTests.Bound);

        // A file system left read-only is clean: the next mount replays no journal.
        shell = await SerialShell.OpenAsync(_vm, Step);
        var kernel = await shell.CheckAsync("dmesg | grep 'EXT4-fs (vda4)'", Step);
        output.WriteLine(kernel);
        Assert.Contains("mounted filesystem", kernel, StringComparison.Ordinal);
        Assert.DoesNotContain("recover", kernel, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        output.DisposeWithTranscripts(_vm);
        _scratch.Dispose();
    }
}
