using System.Diagnostics;
using Appliance.Config;
using Appliance.Supervisor.Anycast;
using Appliance.Testing;

namespace Appliance.Supervisor.Tests.Anycast;

/// <summary>BIRD's configuration from [bgp] and [anycast:NAME], checked by BIRD itself (bird -p).</summary>
public sealed class BirdConfigWriterTests
{
    private const string Ini = """
        [system]
        hostname = edge-a

        [interface:eth0]
        address = 192.0.2.11/24, 2001:db8::11/64

        [bgp]
        local_as = 65010
        neighbor = 192.0.2.1, 2001:db8::1
        neighbor_as = 65000
        bfd_interval = 50ms

        [anycast:web]
        prefix = 203.0.113.10/32, 2001:db8:ac::10/128

        [anycast:api]
        prefix = 203.0.113.20

        """;

    private static ApplianceConfig Load(string text)
    {
        var result = ApplianceConfigLoader.Load(text);
        Assert.False(result.HasErrors, result.Format());
        return result.Config!;
    }

    private static (int Exit, string Output) Parse(string conf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bird-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, conf);
        try
        {
            using var bird = Process.Start(new ProcessStartInfo("bird", ["-p", "-c", path]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            var output = bird.StandardError.ReadToEnd() + bird.StandardOutput.ReadToEnd();
            bird.WaitForExit();
            return (bird.ExitCode, output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Each_group_is_a_disabled_static_protocol_per_family_and_each_neighbor_a_bgp_session_with_bfd()
    {
        var config = Load(Ini);
        var text = BirdConfigWriter.Write(config.Bgp!, config.Anycast);
        Assert.Contains("router id 192.0.2.11;", text, StringComparison.Ordinal);
        Assert.Contains("protocol static anycast_web_4 {\n  disabled;\n  ipv4;\n  route 203.0.113.10/32 blackhole;\n}", text, StringComparison.Ordinal);
        Assert.Contains("protocol static anycast_web_6 {\n  disabled;\n  ipv6;\n  route 2001:db8:ac::10/128 blackhole;\n}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("anycast_api_6", text, StringComparison.Ordinal);
        Assert.Contains("net ~ [ 203.0.113.10/32, 203.0.113.20/32 ]", text, StringComparison.Ordinal);
        Assert.Contains("protocol bgp neighbor_1 {\n  local as 65010;\n  neighbor 192.0.2.1 as 65000;", text, StringComparison.Ordinal);
        Assert.Contains("protocol bgp neighbor_2 {\n  local as 65010;\n  neighbor 2001:db8::1 as 65000;", text, StringComparison.Ordinal);
        Assert.Equal(2, text.Split("  bfd on;\n").Length - 1);
        Assert.Contains("min tx interval 50 ms;", text, StringComparison.Ordinal);
        Assert.Contains("multiplier 3;", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_bfd_there_is_no_bfd_protocol_and_no_session_asks_for_it()
    {
        var config = Load(Ini.Replace("bfd_interval = 50ms", "bfd = false", StringComparison.Ordinal));
        var text = BirdConfigWriter.Write(config.Bgp!, config.Anycast);
        Assert.DoesNotContain("bfd", text.Replace("bgp", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [RequiresToolFact("bird")]
    public void BIRD_accepts_what_is_written_with_and_without_bfd_and_for_four_byte_AS_numbers()
    {
        foreach (var variant in new[] { Ini, Ini.Replace("bfd_interval = 50ms", "bfd = false", StringComparison.Ordinal), Ini.Replace("65010", "4200000000", StringComparison.Ordinal).Replace("neighbor_as = 65000", "neighbor_as = 65010", StringComparison.Ordinal) })
        {
            var config = Load(variant);
            var (exit, output) = Parse(BirdConfigWriter.Write(config.Bgp!, config.Anycast));
            Assert.True(exit == 0, $"bird -p refused the configuration: {output}");
        }
    }

    [RequiresToolFact("bird")]
    public void The_test_can_fail_BIRD_refuses_a_broken_file()
    {
        Assert.NotEqual(0, Parse("protocol bgp {\n").Exit);
    }
}
