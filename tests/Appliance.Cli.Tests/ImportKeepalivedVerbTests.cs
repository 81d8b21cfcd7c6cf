namespace Appliance.Cli.Tests;

/// <summary><c>appliance import-keepalived</c> as a migration script runs it: the exit code tells a whole translation from a partial one.</summary>
public sealed class ImportKeepalivedVerbTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("appliance-import-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string text)
    {
        var path = Path.Combine(_directory, "keepalived.conf");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Every_instance_carried_over_exits_0()
    {
        var result = NativeBinary.Run("import-keepalived", Write("vrrp_instance A {\n interface eth0\n virtual_router_id 5\n virtual_ipaddress { 192.0.2.5 }\n}\n"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("[vrrp:a]", result.Output);
        Assert.Contains("1 of 1 vrrp_instance block(s) carried over", result.Errors);
    }

    [Fact]
    public void A_skipped_instance_exits_1_and_still_prints_what_was_carried_over()
    {
        var conf = Write("vrrp_instance A {\n interface eth0\n virtual_router_id 5\n virtual_ipaddress { 192.0.2.5 }\n}\n"
            + "vrrp_instance B {\n virtual_router_id 6\n virtual_ipaddress { 192.0.2.6 }\n}\n");
        var output = Path.Combine(_directory, "appliance.ini");

        var result = NativeBinary.Run("import-keepalived", conf, "--output", output);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("vrrp_instance B has no interface: not carried over", result.Errors);
        Assert.Contains("1 of 2 vrrp_instance block(s) carried over, 1 skipped", result.Errors);
        Assert.Contains("[vrrp:a]", File.ReadAllText(output));
    }
}
