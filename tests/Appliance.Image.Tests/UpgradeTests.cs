using Appliance.Image.Tests.Infrastructure;
using Appliance.Supervisor.Upgrade;
using Xunit.Abstractions;

namespace Appliance.Image.Tests;

/// <summary>
/// The appliance's half of image/BOOT.md on a booted VM, driven as an operator would: the console's shell, a "USB
/// stick" with update bundles, `appliance upgrade`. The new slot boots once as a trial, becomes the confirmed slot
/// after [system] upgrade_confirm_after of health, and a trial that never gets healthy goes back by itself. The
/// first bundle, signed with the build's key, brings a root that also trusts a second key (a rotation): slot A
/// refuses a bundle signed with that key, slot B accepts it.
/// </summary>
[Collection("image")]
public sealed class UpgradeTests(ImageFixture fixture, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan ConfirmAfter = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan TrialTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    // Writing 9 MiB of root and 9 MiB of kernel and initramfs, each read back and hashed, under emulation.
    private static readonly TimeSpan Install = TimeSpan.FromSeconds(120);

    private readonly Scratch _scratch = new("upgrade");
    private readonly VmLan _lan = VmLan.Create();
    private QemuVm? _vm;

    [RequiresToolFact("qemu-system-x86_64")]
    public async Task A_signed_upgrade_is_confirmed_after_a_healthy_trial_a_rotated_key_signs_the_next_and_a_broken_image_falls_back()
    {
        var image = fixture.Image;
        var nextKey = BundleSignature.NewPrivateKeyPem();
        var rotated = UpdateBundle.WithRoot(image.Update, UpdateBundle.RootTrusting(image.RootfsTar, _scratch, "next-key.pem", BundleSignature.PublicKeyPemOf(nextKey)),
            _scratch.Path("appliance-update-rotated.tar"), image.SigningKey);
        var broken = UpdateBundle.WithRoot(image.Update, UpdateBundle.RootWithBrokenNginx(image.RootfsTar, _scratch), _scratch.Path("appliance-update-broken-nginx.tar"), nextKey);
        var usb = BundleDisk.Create(_scratch, rotated, broken);
        var ini = new BoxIni
        {
            Hostname = "edge",
            Address = "192.0.2.11/24",
            Priority = 200,
            UpgradeConfirmAfter = $"{ConfirmAfter.TotalSeconds:0}s",
            UpgradeTrialTimeout = $"{TrialTimeout.TotalSeconds:0}s",
        };
        var disk = DiskImage.Prepare(image, _scratch, "edge", ini.ToString());
        _vm = new QemuVm(new QemuOptions { Disk = disk, ExtraDrive = usb, Tap = _lan.AddTap("tap0"), Namespace = _lan.Switch }, "edge");

        // Slot A, as built.
        await _vm.WaitForReadyAsync("edge", BootTests.Bound);
        var shell = await SerialShell.OpenAsync(_vm, Step);
        Assert.Equal(new BootState("A", "A", false), await shell.BootStateAsync(Step));
        await shell.CheckAsync(BundleDisk.MountCommand, Step);
        var unknown = await shell.RunAsync($"appliance upgrade --check {BundleDisk.MountPoint}/{Path.GetFileName(broken)}", Install);
        output.WriteLine(unknown.Output);
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("refused: unknown key", unknown.Output, StringComparison.Ordinal);
        Assert.Equal("B", await shell.UpgradeAsync($"{BundleDisk.MountPoint}/{Path.GetFileName(rotated)}", Install));

        // Slot B boots once, as a trial, and says so on the console.
        var trial = await TrialBootAsync("B", "A");
        shell = await SerialShell.OpenAsync(_vm, Step);
        var during = await shell.BootStateAsync(Step);
        Assert.True(during == new BootState("B", "A", true) || _vm.Elapsed - trial >= ConfirmAfter, $"right after the trial boot: {during}");

        // Healthy for upgrade_confirm_after: slot B becomes the confirmed slot, in slot.cfg and in the status.
        var confirmed = await Poll(shell, s => !s.Trial, ConfirmAfter + Step);
        output.WriteLine($"{_vm.Elapsed.TotalSeconds:0.0} s: {confirmed}");
        Assert.Equal(new BootState("B", "B", false), confirmed);
        Assert.Equal("DEFAULT B", (await shell.CheckAsync("cat /boot/extlinux/slot.cfg", Step)).Trim());
        Assert.Equal("edge", _lan.Fetch("http://192.0.2.10/", TimeSpan.FromSeconds(2)));

        // An image whose nginx never starts, signed with the key slot B trusts: slot A boots once, is never healthy,
        // and the box goes back to B by itself.
        await shell.CheckAsync(BundleDisk.MountCommand, Step);
        Assert.Equal("A", await shell.UpgradeAsync($"{BundleDisk.MountPoint}/{Path.GetFileName(broken)}", Install));
        var badTrial = await TrialBootAsync("A", "B");
        var gaveUp = await _vm.WaitForAsync(@"trial boot of slot ""?A""? not healthy after.*", TrialTimeout + Step);
        output.WriteLine($"{gaveUp.At.TotalSeconds:0.0} s: {gaveUp.Text}");
        Assert.InRange(gaveUp.At - badTrial, TrialTimeout - TimeSpan.FromSeconds(2), TrialTimeout + TimeSpan.FromSeconds(10));

        var back = await _vm.WaitForReadyAsync("edge", BootTests.Bound + BootTests.Bound);
        Assert.DoesNotContain("trial boot of slot", back.Before, StringComparison.Ordinal);
        shell = await SerialShell.OpenAsync(_vm, Step);
        Assert.Equal(new BootState("B", "B", false), await shell.BootStateAsync(Step));
        Assert.Equal("DEFAULT B", (await shell.CheckAsync("cat /boot/extlinux/slot.cfg", Step)).Trim());
        Assert.Equal("edge", _lan.Fetch("http://192.0.2.10/", TimeSpan.FromSeconds(2)));
    }

    public void Dispose()
    {
        output.DisposeWithTranscripts(_vm);
        _lan.Dispose();
        _scratch.Dispose();
    }

    /// <summary>
    /// Waits for the next boot's banner and the warning of a trial boot (the log writer and the banner are
    /// different streams: either may come first). Returns when the trial was announced.
    /// </summary>
    private async Task<TimeSpan> TrialBootAsync(string slot, string confirmed)
    {
        var pattern = $@"trial boot of slot ""?{slot}""? \(confirmed slot ""?{confirmed}""?\)";
        var ready = await _vm!.WaitForReadyAsync("edge", BootTests.Bound + BootTests.Bound);
        var trial = System.Text.RegularExpressions.Regex.IsMatch(ready.Before, pattern) ? ready.At : (await _vm.WaitForAsync(pattern, Step)).At;
        output.WriteLine($"{ready.At.TotalSeconds:0.0} s: {ready.Text}; trial of slot {slot} announced at {trial.TotalSeconds:0.0} s");
        return trial;
    }

    private static async Task<BootState> Poll(SerialShell shell, Func<BootState, bool> done, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        var state = await shell.BootStateAsync(Step);
        while (!done(state) && DateTime.UtcNow < until)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            state = await shell.BootStateAsync(Step);
        }

        return state;
    }
}
