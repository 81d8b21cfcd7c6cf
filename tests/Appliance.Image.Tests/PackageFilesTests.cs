using Appliance.Config;
using Appliance.Image.Tests.Infrastructure;

namespace Appliance.Image.Tests;

/// <summary>The Debian package's sources in packaging/deb, read as dpkg and systemd will: no build, no root.</summary>
public sealed class PackageFilesTests
{
    // The keys whose value differs on a host from the image's factory configuration (operations.md, "As a Debian
    // service"): the host keeps its address, runs its own getty, and systemd watches the supervisor.
    private static readonly Dictionary<string, string?> HostValues = new(StringComparer.Ordinal)
    {
        ["system:console"] = "",
        ["system:watchdog"] = "",
        ["interface:eth0:address"] = null,
        ["interface:eth0:gateway"] = null,
        ["interface:eth0:manage"] = "false",
    };

    [Fact]
    public void The_conffile_is_valid_and_is_the_factory_configuration_but_for_what_a_host_does_itself()
    {
        var conffile = File.ReadAllText(Repository.Path("packaging/deb/appliance.ini"));

        var loaded = ApplianceConfigLoader.Load(conffile, new ConfigEnvironment { KnownInterfaces = ["eth0"] });
        Assert.Empty(loaded.Errors);
        Assert.Empty(loaded.Warnings);

        var expected = Keys(FactoryDefaults.Text);
        foreach (var (key, value) in HostValues)
        {
            if (value is null)
            {
                expected.Remove(key);
            }
            else
            {
                expected[key] = value;
            }
        }

        Assert.Equal(expected.OrderBy(p => p.Key), Keys(conffile).OrderBy(p => p.Key));
    }

    [Fact]
    public void The_unit_is_a_notify_service_with_a_watchdog_bounded_capabilities_and_the_conflicts()
    {
        var unit = File.ReadAllLines(Repository.Path("packaging/deb/appliance.service"))
            .Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToLookup(p => p[0], p => p[1]);

        Assert.Equal(["notify"], unit["Type"]);
        Assert.Equal(["/usr/sbin/appliance run --config /etc/appliance/appliance.ini"], unit["ExecStart"]);
        Assert.Equal(["10s"], unit["WatchdogSec"]);
        Assert.Equal(["mixed"], unit["KillMode"]);
        Assert.Equal(["nginx.service keepalived.service"], unit["Conflicts"]);
        var ambient = Assert.Single(unit["AmbientCapabilities"]).Split(' ');
        Assert.Equal(["CAP_NET_ADMIN", "CAP_NET_RAW"], ambient[..2]);
        Assert.Equal(ambient, Assert.Single(unit["CapabilityBoundingSet"]).Split(' '));
        Assert.DoesNotContain("CAP_SYS_ADMIN", ambient);
    }

    // section:key -> value, for every key line of an INI text.
    private static Dictionary<string, string> Keys(string ini)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var section = "";
        foreach (var line in ini.Split('\n').Select(l => l.Trim()))
        {
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                section = line[1..^1];
            }
            else if (line.Length > 0 && line[0] is not (';' or '#') && line.IndexOf('=', StringComparison.Ordinal) is > 0 and var at)
            {
                keys[$"{section}:{line[..at].Trim()}"] = line[(at + 1)..].Trim();
            }
        }

        return keys;
    }
}
