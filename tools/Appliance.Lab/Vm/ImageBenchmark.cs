using System.Globalization;
using Appliance.Lab.Probe;

namespace Appliance.Lab.Vm;

/// <summary>
/// tools/bench-image.sh: the sizes of the built image and, over several boots of one VM under qemu's software
/// emulation, the time from starting qemu to the ready banner on the serial console and to the first answer on the
/// VIP at the client (the user's view), medians over the rounds.
/// </summary>
public static class ImageBenchmark
{
    public static int Run(string[] args)
    {
        var images = "artifacts/image";
        var rounds = 3;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--images":
                    images = args[i + 1];
                    break;
                case "--rounds":
                    rounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}; usage: bench-image [--images DIR] [--rounds N]");
                    return 2;
            }
        }

        var disk = Path.Combine(images, "disk.img");
        if (!File.Exists(disk))
        {
            Console.Error.WriteLine($"no disk image at {disk}: build it with ./build.sh --target=Image");
            return 1;
        }

        foreach (var name in new[] { "rootfs.squashfs", "vmlinuz", "initrd.img", "disk.img", "disk.qcow2" })
        {
            var file = new FileInfo(Path.Combine(images, name));
            Console.WriteLine($"{name,-16} {(file.Exists ? $"{file.Length / 1048576.0,7:0.0} MiB" : "missing"),12}");
        }

        var banners = new List<double>();
        var served = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var (banner, vip) = BootOnce(disk);
            banners.Add(banner);
            served.Add(vip);
            Console.WriteLine($"boot {round}: ready banner {banner:0.00} s, VIP served {vip:0.00} s after qemu started");
        }

        Console.WriteLine($"median of {rounds}: ready banner {Median(banners):0.00} s, VIP served {Median(served):0.00} s (software emulation, 1 vCPU)");
        return 0;
    }

    private static (double Banner, double Vip) BootOnce(string disk)
    {
        var work = Directory.CreateTempSubdirectory("appliance-bench-image-").FullName;
        using var lan = VmLan.Create();
        QemuVm? vm = null;
        Prober? probe = null;
        try
        {
            var ini = new BoxIni { Hostname = "bench", Address = "192.0.2.11/24", Priority = 200, Shell = false }.ToString();
            var copy = VmDisk.Prepare(disk, Path.Combine(work, "bench.img"), ini);
            var tap = lan.AddTap("tap0");

            // The probe runs before qemu starts: the first answer is the first moment the VIP can be served.
            probe = Prober.Start(lan.Client, Lan.LocateApplianceBinary(), "http://192.0.2.10/", TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100), Path.Combine(work, "probe.log"));
            var start = Lan.Now();
            vm = new QemuVm(new QemuOptions { Disk = copy, Tap = tap, Namespace = lan.Switch }, "bench");
            var banner = vm.WaitForReadyAsync("bench", TimeSpan.FromSeconds(90)).GetAwaiter().GetResult();
            var answer = probe.Timeline.WaitForAnswer(start, a => a.Detail == "bench", TimeSpan.FromSeconds(60))
                ?? throw new InvalidOperationException($"the VIP was never served:\n{vm.Tail(40)}");
            return (banner.At.TotalSeconds, (answer.End - start) / 1e9);
        }
        finally
        {
            probe?.Dispose();
            vm?.Dispose();
            Directory.Delete(work, recursive: true);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
