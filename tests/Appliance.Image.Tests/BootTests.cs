using System.Globalization;
using Appliance.Image.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Appliance.Image.Tests;

[Collection("image")]
public sealed class BootTests(ImageFixture fixture, ITestOutputHelper output)
{
    // The product target is 10 s from qemu start to the VIP served under software emulation (nginx answering
    // stands in for the VIP here); the test's bound leaves room for a loaded 2-core machine.
    // APPLIANCE_IMAGE_BOOT_BOUND_SECONDS tightens or loosens it.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(
        double.TryParse(Environment.GetEnvironmentVariable("APPLIANCE_IMAGE_BOOT_BOUND_SECONDS"), CultureInfo.InvariantCulture, out var seconds) ? seconds : 30);

    [RootFact]
    public async Task The_disk_boots_slot_A_to_the_ready_banner_with_nginx_serving_within_the_bound()
    {
        var image = fixture.Image;
        using var scratch = new Scratch("boot");
        using var vm = new QemuVm(new QemuOptions { Disk = image.CopyDisk(scratch.Directory) });

        var (at, banner) = await vm.WaitForAsync("APPLIANCE READY", Bound);
        output.WriteLine($"{at.TotalSeconds:0.00} s from qemu start: {banner}");

        Assert.Matches("slot=A trial=no data=persistent nginx=yes hostname=appliance ", banner);

        // The read-only root, the writable places and the data partition are as BOOT.md says.
        vm.Send("echo MOUNTS; cat /proc/mounts; echo END");
        await vm.WaitForAsync("^MOUNTS$", TimeSpan.FromSeconds(10));
        var mounts = new List<string>();
        while (true)
        {
            var (_, line) = await vm.WaitForAsync(".*", TimeSpan.FromSeconds(10));
            if (line == "END")
            {
                break;
            }
            mounts.Add(line);
        }
        Assert.Contains(mounts, m => m.StartsWith("/dev/vda2 / squashfs ro", StringComparison.Ordinal));
        Assert.Contains(mounts, m => m.StartsWith("/dev/vda1 /boot ext4 ro", StringComparison.Ordinal));
        Assert.Contains(mounts, m => m.StartsWith("/dev/vda4 /data ext4 rw", StringComparison.Ordinal));
        Assert.Contains(mounts, m => m.StartsWith("/dev/vda4 /etc/appliance ext4 rw", StringComparison.Ordinal));
        Assert.Contains(mounts, m => m.StartsWith("tmpfs /run tmpfs rw", StringComparison.Ordinal));
        Assert.Contains(mounts, m => m.StartsWith("tmpfs /tmp tmpfs rw", StringComparison.Ordinal));
    }
}
