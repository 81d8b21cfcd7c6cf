using Appliance.Image.Tests.Infrastructure;
using Appliance.ImageBuilder.Disk;
using Xunit.Abstractions;

namespace Appliance.Image.Tests;

/// <summary>Commit-confirmed on the real box: the change to go back to is on the data partition before it applies.</summary>
[Collection("image")]
public sealed class ConfirmWindowTests(ImageFixture fixture, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);
    private readonly Scratch _scratch = new("confirm");
    private QemuVm? _vm;

    [RequiresToolFact("qemu-system-x86_64")]
    public async Task A_change_committed_with_confirm_is_rolled_back_when_the_box_loses_power_inside_the_window()
    {
        var ini = new BoxIni { Hostname = "before", Address = "192.0.2.11/24" };
        var disk = DiskImage.Prepare(fixture.Image, _scratch, "confirm", ini.ToString());
        _vm = new QemuVm(new QemuOptions { Disk = disk }, "confirm");
        await _vm.WaitForReadyAsync("before", BootTests.Bound);

        var shell = await SerialShell.OpenAsync(_vm, Step);
        await shell.CheckAsync("appliance config set system:hostname=after --confirm 60", Step);
        Assert.Equal("after", (await shell.CheckAsync("hostname", Step)).Trim());

        // Power lost inside the window, with no sync and no shutdown: what the box wrote before applying is all there is.
        _vm.Kill();
        _vm.Dispose();
        _vm = new QemuVm(new QemuOptions { Disk = disk }, "confirm-again");

        // A reboot inside the window rolls back (as Junos does) before anything starts: the old name is back.
        var again = await _vm.WaitForReadyAsync("before", BootTests.Bound);
        output.WriteLine($"ready again as 'before' at {again.At.TotalSeconds:0.0} s");
        shell = await SerialShell.OpenAsync(_vm, Step);
        Assert.Contains("hostname = before", await shell.CheckAsync("appliance config get", Step), StringComparison.Ordinal);
        _vm.Kill();
        var onDisk = DiskImage.ReadFile(fixture.Image, _scratch, disk, PartitionRole.Data, "etc/appliance/appliance.ini");
        Assert.Contains("hostname = before", onDisk, StringComparison.Ordinal);
        Assert.Null(DiskImage.ReadFile(fixture.Image, _scratch, disk, PartitionRole.Data, "etc/appliance/appliance.ini.pending"));
    }

    public void Dispose()
    {
        output.DisposeWithTranscripts(_vm);
        _scratch.Dispose();
    }
}
