namespace Appliance.Cli.Tests;

/// <summary><c>appliance vrrp decode</c> run as operators run it: the native binary on real captures.</summary>
public sealed class VrrpDecodeVerbTests
{
    private static string Capture(string name) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TestData", name)).First(l => l.Length > 0);

    [Theory]
    [InlineData("keepalived-v3-ipv4.hex", "  version            3", "  max advert int     100 cs (1000 ms)")]
    [InlineData("keepalived-v2-ipv4.hex", "  version            2", "  advert interval    1s")]
    [InlineData("keepalived-v3-ipv6.hex", "  address            2001:db8::10", "hop limit 255")]
    public void A_real_keepalived_advertisement_decodes_with_checksum_ok(string capture, string field, string other)
    {
        var result = NativeBinary.Run("vrrp", "decode", Capture(capture));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("checksum ok", result.Output);
        Assert.Contains("  virtual router id  51", result.Output);
        Assert.Contains("  priority           150", result.Output);
        Assert.Contains(field, result.Output);
        Assert.Contains(other, result.Output);
    }

    [Fact]
    public void A_corrupted_advertisement_prints_the_precise_reason_and_fails()
    {
        var hex = Capture("keepalived-v3-ipv4.hex");
        var corrupted = hex[..^2] + "0b"; // the last address byte: 192.0.2.10 -> 192.0.2.11

        var result = NativeBinary.Run("vrrp", "decode", corrupted);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("invalid: bad checksum 0xd3c0, expected 0xd3bf", result.Output);
        Assert.Contains("  address            192.0.2.11", result.Output);
    }

    [Fact]
    public void A_lowered_ttl_is_named()
    {
        var hex = Capture("keepalived-v3-ipv4.hex");
        var packet = Convert.FromHexString(hex);
        packet[8] = 64;
        packet[10] = 0;
        packet[11] = 0;
        var sum = Vrrp.Wire.InternetChecksum.ComputeIPv4Header(packet.AsSpan(0, 20));
        packet[10] = (byte)(sum >> 8);
        packet[11] = (byte)sum;

        var result = NativeBinary.Run("vrrp", "decode", Convert.ToHexString(packet));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("invalid: IPv4 TTL is 64; must be 255 (RFC 9568 7.1)", result.Output);
    }

    [Fact]
    public void Hex_as_tcpdump_prints_it_with_spaces_and_colons_is_accepted_from_standard_input()
    {
        var hex = Capture("keepalived-v2-ipv4.hex");
        var spaced = string.Join(' ', hex.Chunk(4).Select(c => new string(c)));

        var result = NativeBinary.RunWithInput(spaced, "vrrp", "decode", "-");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("VRRPv2 advertisement vrid 51 priority 150 interval 1s addresses 192.0.2.10", result.Output);
    }

    [Theory]
    [InlineData("45c0zz", "'z' at hex digit 5 is not a hex digit")]
    [InlineData("45c", "odd number of hex digits (3)")]
    public void Malformed_hex_is_a_usage_error(string hex, string message)
    {
        var result = NativeBinary.Run("vrrp", "decode", hex);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Errors);
    }

    [Fact]
    public void Version_prints_the_product_and_its_version()
    {
        var result = NativeBinary.Run("--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^appliance \d+\.\d+\.\d+", result.Output);
    }

    [Fact]
    public void An_unknown_command_lists_the_commands_and_fails()
    {
        var result = NativeBinary.Run("frobnicate");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown command 'frobnicate'", result.Errors);
        Assert.Contains("vrrp decode", result.Errors);
    }
}
