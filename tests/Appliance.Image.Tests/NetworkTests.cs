using System.Diagnostics;
using System.Text.Json;
using Appliance.Image.Tests.Infrastructure;
using Appliance.Lab;
using Xunit.Abstractions;

namespace Appliance.Image.Tests;

/// <summary>One VM whose NIC is a tap on a bridge in a test namespace, with a client namespace on the same bridge.</summary>
[Collection("image")]
public sealed class NetworkTests(ImageFixture fixture, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);
    private readonly Scratch _scratch = new("net");
    private readonly VmLan _lan = VmLan.Create();
    private QemuVm? _vm;

    [RequiresToolFact("qemu-system-x86_64")]
    public async Task A_box_brings_up_its_address_and_serves_the_VIP_under_its_virtual_MAC_to_a_client()
    {
        var image = fixture.Image;
        var ini = new BoxIni { Hostname = "edge-a", Address = "192.0.2.11/24", Priority = 200, VirtualMac = true };
        var disk = DiskImage.Prepare(image, _scratch, "edge-a", ini.ToString());
        var tap = _lan.AddTap("tap0");
        _vm = new QemuVm(new QemuOptions { Disk = disk, Tap = tap, Namespace = _lan.Switch }, "edge-a");
        output.WriteLine(_vm.CommandLine);

        Assert.Equal("edge-a", FirstAnswerOnTheVip());
        Assert.Equal("edge-a", _lan.Fetch("http://192.0.2.11/", TimeSpan.FromSeconds(2)));
        var ping = _lan.Client.TryExec("busybox", "ping", "-c", "3", "-W", "2", "192.0.2.11");
        Assert.True(ping.Succeeded, ping.ToString());

        // The VIP answers from the RFC's virtual MAC: the appliance made a macvlan link, and the kernel loaded the
        // module on demand from the image (busybox modprobe and the generated modules.alias).
        var neighbour = _lan.Client.IpJson("neigh", "show", "192.0.2.10").EnumerateArray().Single();
        Assert.Equal("00:00:5e:00:01:33", neighbour.GetProperty("lladdr").GetString());
        var shell = await SerialShell.OpenAsync(_vm, Step);
        Assert.Equal("1", (await shell.CheckAsync("grep -c '^macvlan ' /proc/modules", Step)).Trim());
        using var status = JsonDocument.Parse(await shell.CheckAsync("appliance status --json", Step));
        Assert.Equal("master", status.RootElement.GetProperty("vrrp")[0].GetProperty("state").GetString());
    }

    [RequiresToolFact("qemu-system-x86_64")]
    public async Task The_disk_boots_on_qemus_defaults_an_IDE_disk_an_e1000_NIC_and_128_MiB_and_serves_the_VIP()
    {
        var image = fixture.Image;
        var disk = DiskImage.Prepare(image, _scratch, "plain", new BoxIni { Hostname = "plain", Address = "192.0.2.11/24", Priority = 200 }.ToString());
        _vm = new QemuVm(new QemuOptions { Disk = disk, Tap = _lan.AddTap("tap0"), Namespace = _lan.Switch, QemuDefaults = true }, "plain");
        output.WriteLine(_vm.CommandLine);

        Assert.Equal("plain", FirstAnswerOnTheVip());

        // The root came from the IDE disk, and the NIC's driver from the coldplug by modalias: neither is virtio.
        var shell = await SerialShell.OpenAsync(_vm, Step);
        Assert.Contains("root_device=/dev/sda2\n", await shell.CheckAsync("cat /run/appliance-boot.env", Step), StringComparison.Ordinal);
        Assert.Equal("e1000", (await shell.CheckAsync("basename $(readlink /sys/class/net/eth0/device/driver)", Step)).Trim());
    }

    public void Dispose()
    {
        output.DisposeWithTranscripts(_vm);
        _lan.Dispose();
        _scratch.Dispose();
    }

    // Measured from outside, the way a user sees it: the first answer on the VIP after qemu starts.
    private string? FirstAnswerOnTheVip()
    {
        var watch = Stopwatch.StartNew();
        string? page = null;
        while (page is null && watch.Elapsed < BootTests.Bound + TimeSpan.FromSeconds(10))
        {
            page = _lan.Fetch("http://192.0.2.10/", TimeSpan.FromMilliseconds(500));
        }

        output.WriteLine($"VIP first served {_vm!.Elapsed.TotalSeconds:0.00} s after qemu started");
        return page;
    }
}
