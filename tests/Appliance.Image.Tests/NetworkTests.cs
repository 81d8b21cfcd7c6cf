using System.Diagnostics;
using Appliance.Image.Tests.Infrastructure;
using Appliance.ImageBuilder.Disk;
using Xunit.Abstractions;

namespace Appliance.Image.Tests;

// The VM's NIC as a tap device on a bridge inside a test namespace: the shape of the later VM-pair test.
[Collection("image")]
public sealed class NetworkTests(ImageFixture fixture, ITestOutputHelper output)
{
    [RootFact]
    public async Task A_box_configured_from_appliance_ini_answers_ping_and_serves_its_name_to_a_client()
    {
        var image = fixture.Image;
        using var scratch = new Scratch("net");
        var disk = image.CopyDisk(scratch.Directory);
        using (var data = PartitionMount.Open(disk, image.Layout[PartitionRole.Data], scratch.Path("data")))
        {
            var config = Path.Combine(data.MountPoint, "etc/appliance");
            Directory.CreateDirectory(config);
            File.WriteAllText(Path.Combine(config, "appliance.ini"), "[system]\nhostname = edge-a\n\n[interface:eth0]\naddress = 192.0.2.11/24\nmanage = true\n");
        }
        using var network = new TestNetwork();
        var tap = network.AddTap("tap0");
        using var vm = new QemuVm(new QemuOptions { Disk = disk, Tap = tap, NetworkNamespace = network.Lan });
        output.WriteLine(vm.CommandLine);

        // Measured from outside, the way a user would see it: the first HTTP answer after qemu starts.
        var served = Stopwatch.StartNew();
        var answer = "";
        while (served.Elapsed < TimeSpan.FromSeconds(60))
        {
            var result = network.InClient(TimeSpan.FromSeconds(3), "curl", "-sS", "--max-time", "0.5", "http://192.0.2.11/");
            if (result.ExitCode == 0)
            {
                answer = result.Output;
                break;
            }
            await Task.Delay(100);
        }
        output.WriteLine($"first HTTP answer {vm.Elapsed.TotalSeconds:0.00} s after qemu started: {answer.Trim()}");
        output.WriteLine(vm.Transcript);

        Assert.Equal("edge-a\n", answer);
        var ping = network.InClient(TimeSpan.FromSeconds(15), "busybox", "ping", "-c", "3", "-W", "2", "192.0.2.11");
        Assert.True(ping.ExitCode == 0, ping.Output);

        // VRRP's virtual MAC needs a macvlan; the module is in the root and the kernel loads it on demand
        // through /sbin/modprobe (busybox) and the generated modules.alias ("rtnl-link-macvlan").
        vm.Send("ip link add link eth0 name vrrp51 type macvlan mode private && grep -c '^macvlan ' /proc/modules && echo MACVLAN-$((1+1))");
        await vm.WaitForAsync("^MACVLAN-2$", TimeSpan.FromSeconds(20));
    }
}
