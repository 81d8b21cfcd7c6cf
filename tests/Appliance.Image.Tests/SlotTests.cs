using Appliance.Image.Tests.Infrastructure;
using Appliance.ImageBuilder.Disk;
using Xunit.Abstractions;

namespace Appliance.Image.Tests;

/// <summary>
/// The boot loader's and the initramfs's half of image/BOOT.md: a trial slot that cannot even start the appliance
/// (a corrupt root, a kernel that panics, a kernel that does not decompress) is tried once, and the confirmed slot
/// boots after it. The bundles pass `appliance upgrade`'s checks (their digests are recomputed and signed again with
/// the build's key) and fail only when booted.
/// </summary>
[Collection("image")]
public sealed class SlotTests(ImageFixture fixture, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Install = TimeSpan.FromSeconds(120);

    // A failed trial costs a boot up to the failure (panic=5, or the initramfs's root wait) and then a full boot.
    private static readonly TimeSpan Fallback = BootTests.Bound + BootTests.Bound + TimeSpan.FromSeconds(10);

    private readonly Scratch _scratch = new("slots");
    private readonly List<QemuVm> _vms = [];

    // The squashfs's superblock damaged: the initramfs cannot mount it. (Damage further in can go unnoticed: the
    // pages the boot reads may all be intact, and the slot then boots.)
    [RequiresToolFact("qemu-system-x86_64")]
    public Task A_trial_slot_whose_root_does_not_mount_falls_back_to_the_confirmed_slot() =>
        TrialFallsBack("rootfs.squashfs", "bad-root", offset: 0);

    [RequiresToolFact("qemu-system-x86_64")]
    public Task A_trial_kernel_that_panics_falls_back_to_the_confirmed_slot() =>
        TrialFallsBack("initrd.img", "bad-initrd", offset: 4096);

    [RequiresToolFact("qemu-system-x86_64")]
    public async Task A_damaged_trial_kernel_is_tried_once_and_the_confirmed_slot_boots_after_it()
    {
        var usb = BundleDisk.Create(_scratch, UpdateBundle.Damaged(fixture.Image.Update, "vmlinuz", _scratch.Path("bad-kernel.tar"), fixture.Image.SigningKey));
        var disk = DiskImage.Prepare(fixture.Image, _scratch, "box", new BoxIni { Hostname = "box" }.ToString());
        var vm = Start(disk, usb, "box");
        await Upgrade(vm, "bad-kernel.tar", "B");

        // A damaged kernel either faults and resets the machine, or hangs in its decompressor with nothing on the
        // console (both seen under TCG); without a firmware watchdog a hang needs a power cycle.
        try
        {
            await vm.WaitForReadyAsync("box", Fallback);
        }
        catch (TimeoutException)
        {
            output.WriteLine("the damaged kernel hung: power cycle");
            vm.Kill();
            vm = Start(disk, usb, "box-again");
            await vm.WaitForReadyAsync("box", BootTests.Bound);
        }

        await AssertConfirmedSlotRuns(vm, "A");
    }

    [RequiresToolFact("qemu-system-x86_64")]
    public async Task The_initramfs_clears_a_boot_once_label_the_boot_loader_left_behind()
    {
        var image = fixture.Image;
        var disk = DiskImage.Prepare(image, _scratch, "box", new BoxIni { Hostname = "box" }.ToString());
        var boot = image.Layout[PartitionRole.Boot];
        using (var mount = PartitionMount.Open(disk, boot.Name, _scratch.Path("boot")))
        {
            WriteAdv(mount.Path("extlinux/ldlinux.sys"), SyslinuxAdv.Encode("B"));
        }

        // The kernel started without ldlinux, as if the firmware had refused ldlinux's write.
        var vm = new QemuVm(new QemuOptions
        {
            Disk = disk,
            Kernel = image.Context.Image("vmlinuz"),
            Initrd = image.Context.Image("initrd.img"),
            Append = $"{image.Definition.Kernel.Cmdline} appliance.slot=B",
        }, "direct");
        _vms.Add(vm);
        await vm.WaitForReadyAsync("box", BootTests.Bound);
        var shell = await SerialShell.OpenAsync(vm, Step);
        Assert.Equal(new BootState("B", "A", true), await shell.BootStateAsync(Step));
        Assert.Equal("1", (await shell.CheckAsync("dmesg | grep -c 'boot-once label still set; clearing it'", Step)).Trim());
        await shell.CheckAsync("sync", Step);
        vm.Kill();

        using (var mount = PartitionMount.Open(disk, boot.Name, _scratch.Path("boot")))
        {
            var ldlinux = File.ReadAllBytes(mount.Path("extlinux/ldlinux.sys"));
            Assert.Equal(SyslinuxAdv.Encode(null), ldlinux[^1024..]);
        }
    }

    public void Dispose()
    {
        output.DisposeWithTranscripts(_vms);
        _scratch.Dispose();
    }

    private async Task TrialFallsBack(string member, string name, int offset)
    {
        var usb = BundleDisk.Create(_scratch, UpdateBundle.Damaged(fixture.Image.Update, member, _scratch.Path($"{name}.tar"), fixture.Image.SigningKey, offset));
        var disk = DiskImage.Prepare(fixture.Image, _scratch, "box", new BoxIni { Hostname = "box" }.ToString());
        var vm = Start(disk, usb, "box");
        await Upgrade(vm, $"{name}.tar", "B");

        var back = await vm.WaitForReadyAsync("box", Fallback);
        Assert.DoesNotContain("trial boot of slot", back.Before, StringComparison.Ordinal);
        await AssertConfirmedSlotRuns(vm, "A");
    }

    private QemuVm Start(string disk, string usb, string name)
    {
        var vm = new QemuVm(new QemuOptions { Disk = disk, ExtraDrive = usb }, name);
        _vms.Add(vm);
        return vm;
    }

    private static async Task Upgrade(QemuVm vm, string bundle, string slot)
    {
        await vm.WaitForReadyAsync("box", BootTests.Bound);
        var shell = await SerialShell.OpenAsync(vm, Step);
        await shell.CheckAsync(BundleDisk.MountCommand, Step);
        Assert.Equal(slot, await shell.UpgradeAsync($"{BundleDisk.MountPoint}/{bundle}", Install));
    }

    private static async Task AssertConfirmedSlotRuns(QemuVm vm, string slot)
    {
        var shell = await SerialShell.OpenAsync(vm, Step);
        Assert.Equal(new BootState(slot, slot, false), await shell.BootStateAsync(Step));
    }

    private static void WriteAdv(string ldlinux, byte[] adv)
    {
        using var file = new FileStream(ldlinux, FileMode.Open, FileAccess.Write);
        file.Position = file.Length - adv.Length;
        file.Write(adv);
    }
}
