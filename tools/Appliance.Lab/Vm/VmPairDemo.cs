using System.Globalization;
using Appliance.Lab.Probe;

namespace Appliance.Lab.Vm;

/// <summary>
/// The README's main job, end to end: two VMs booted from the firmware's disk image under qemu (software emulation),
/// their NICs on a bridge in a test namespace with a client; the client requests the VIP every 10 ms while the
/// master VM loses its power, and the other VM takes over. What the client saw is printed.
/// </summary>
public static class VmPairDemo
{
    public static int Run(string[] args)
    {
        var disk = args is ["--disk", var path, ..] ? path : "artifacts/image/disk.img";
        if (!File.Exists(disk))
        {
            Console.Error.WriteLine($"no disk image at {disk}: build it with ./build.sh --target=Image");
            return 1;
        }

        var work = Directory.CreateTempSubdirectory("appliance-vm-pair-").FullName;
        var vms = new List<QemuVm>();
        Prober? probe = null;
        using var lan = VmLan.Create();
        try
        {
            Console.WriteLine($"two boxes from {disk} under qemu (software emulation): vm1 192.0.2.11 priority 200, vm2 192.0.2.12 priority 100, VIP {VmPair.VipUrl}, adverts every 100 ms; client {VmLan.ClientAddress}");
            var (master, backup) = VmPair.Boot(lan, (name, ini) => VmDisk.Prepare(disk, Path.Combine(work, $"{name}.img"), ini));
            vms.AddRange([master, backup]);

            foreach (var vm in vms)
            {
                var banner = vm.WaitForReadyAsync(vm.Name, TimeSpan.FromSeconds(90)).GetAwaiter().GetResult();
                Console.WriteLine($"{banner.At.TotalSeconds,6:0.0} s  {vm.Name} console: {banner.Text}");
            }

            probe = Prober.Start(lan.Client, Lan.LocateApplianceBinary(), VmPair.VipUrl, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(100), Path.Combine(work, "probe.log"));
            var timeline = probe.Timeline;
            var origin = Lan.Now();
            if (timeline.WaitForAnswer(origin, a => a.Detail == "vm1", TimeSpan.FromSeconds(30)) is null)
            {
                throw new InvalidOperationException($"vm1 (priority 200) never served {VmPair.VipUrl}");
            }

            Thread.Sleep(1000);
            var kill = Lan.Now();
            master.Kill();
            Console.WriteLine($"{(kill - origin) / 1e6,9:0.0} ms  vm1 loses its power (qemu killed)");
            var served = timeline.WaitForAnswer(kill, a => a.Detail == "vm2", TimeSpan.FromSeconds(15))
                ?? throw new InvalidOperationException($"vm2 never served {VmPair.VipUrl} after vm1 died");
            Thread.Sleep(1000);
            Console.WriteLine($"{(served.End - origin) / 1e6,9:0.0} ms  vm2 serves the VIP: {timeline.GapAround(kill, served.End)}; its Master_Down_Interval is {VmPair.MasterDownInterval.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms");
            Console.WriteLine();
            Console.WriteLine("what the client saw:");
            foreach (var line in timeline.Describe(origin))
            {
                Console.WriteLine(line);
            }

            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            Console.Error.WriteLine($"the VM pair failed: {e.Message}");
            foreach (var vm in vms)
            {
                Console.Error.WriteLine($"--- {vm.Name} console ---\n{vm.Tail(40)}");
            }

            return 1;
        }
        finally
        {
            probe?.Dispose();
            foreach (var vm in vms)
            {
                vm.Dispose();
            }

            Directory.Delete(work, recursive: true);
        }
    }
}
