using System.Diagnostics;
using System.Net;
using Appliance.Vrrp.Wire;

namespace Appliance.Vrrp.Tests.Wire;

/// <summary>
/// tshark's VRRP dissector is an independent implementation: a pcap of our encoder's packets must dissect with the
/// fields we meant and "checksum status: Good".
/// </summary>
public sealed class TsharkCrossCheckTests
{
    [ToolFact("tshark")]
    public void Tshark_agrees_with_our_encoder_on_fields_and_checksums()
    {
        var cases = new (Advertisement Ad, IPAddress Source)[]
        {
            (Packets.V3(51, 150, 1000, "192.0.2.10"), IPAddress.Parse("192.0.2.12")),
            (Packets.V3(1, 254, 10, "192.0.2.10", "192.0.2.11", "198.51.100.1"), IPAddress.Parse("192.0.2.13")),
            (Packets.V2(200, 100, 3, "203.0.113.5"), IPAddress.Parse("203.0.113.2")),
            (Packets.V3(7, 0, 4090, "2001:db8::10", "2001:db8::11"), IPAddress.Parse("fe80::1234")),
            (Packets.V3(255, 255, 100, "2001:db8:1::1"), IPAddress.Parse("fe80::1")),
        };
        var path = Path.Combine(Path.GetTempPath(), $"vrrp-tshark-{Environment.ProcessId}.pcap");
        try
        {
            using (var pcap = File.Create(path))
            {
                PcapFile.WriteHeader(pcap);
                foreach (var (ad, source) in cases)
                {
                    PcapFile.WritePacket(pcap, Packets.IpPacket(ad, source));
                }
            }

            var lines = Run("tshark", "-r", path, "-T", "fields", "-E", "separator=;",
                "-e", "vrrp.version", "-e", "vrrp.virt_rtr_id", "-e", "vrrp.prio", "-e", "vrrp.addr_count",
                "-e", "vrrp.checksum.status", "-e", "vrrp.ip_addr", "-e", "vrrp.ipv6_addr");

            Assert.Equal(cases.Length, lines.Length);
            for (var i = 0; i < cases.Length; i++)
            {
                var ad = cases[i].Ad;
                var addresses = string.Join(',', ad.Addresses);
                var (v4, v6) = ad.Family == System.Net.Sockets.AddressFamily.InterNetwork ? (addresses, "") : ("", addresses);
                Assert.Equal($"{(int)ad.Version};{ad.VirtualRouterId};{ad.Priority};{ad.Addresses.Count};1;{v4};{v6}", lines[i]);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string[] Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} failed: {errors}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
