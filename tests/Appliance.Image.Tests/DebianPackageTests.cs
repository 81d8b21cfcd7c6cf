using System.Text;
using Appliance.Image.Tests.Infrastructure;
using Appliance.Lab.Probe;
using Appliance.Lab.Vm;
using DotNet.Testcontainers.Containers;
using Xunit.Abstractions;

namespace Appliance.Image.Tests;

/// <summary>
/// The Debian package on two Debian 12 hosts booted with systemd as PID 1 (containers on a LAN of their own): dpkg -i,
/// the unit started as an operator starts it, the VIP served by the box with the higher priority, and `systemctl stop`
/// of that box handing the VIP to the other without a refused request.
/// </summary>
[Collection("debian-host")]
public sealed class DebianPackageTests(DebianHostFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly LanRange Range = new("deb", "198.51.100.64/26", "198.51.100.74", "198.51.100.65", "198.51.100.96/27");

    private ContainerLan? _lan;

    [RequiresToolFact("dockerd")]
    public async Task The_package_installs_on_a_systemd_host_serves_the_VIP_and_systemctl_stop_hands_it_over_without_a_refused_request()
    {
        var deb = DebianHostFixture.Package();
        _lan = await ContainerLan.CreateAsync(fixture.Image, Range);
        var box1 = await _lan.StartAsync("box1", b => DebianHostFixture.Host(b, "box1", deb));
        var box2 = await _lan.StartAsync("box2", b => DebianHostFixture.Host(b, "box2", deb));

        foreach (var (box, priority) in new[] { (box1, 200), (box2, 100) })
        {
            // Debian's nginx runs, as on any host where nginx-light was installed.
            Assert.Equal("active", await Systemctl(box, "is-active", "nginx"));
            await Exec(box, "dpkg", "-i", $"/packages/{Path.GetFileName(deb)}");
            Assert.Equal("disabled", await Systemctl(box, "is-enabled", "appliance"));
            Assert.Equal("inactive", await Systemctl(box, "is-active", "appliance"));
            Assert.Contains("manage = false", await Exec(box, "cat", "/etc/appliance/appliance.ini"), StringComparison.Ordinal);

            // What the operator does: the pair's settings in the conffile, a page that names the box, the unit started.
            var ini = new BoxIni { Hostname = box.Name.Split('-')[^1], Priority = priority, VirtualIp = $"{Range.Vip}/26", Shell = false }.ToString();
            await box.CopyAsync(Encoding.UTF8.GetBytes(ini), "/etc/appliance/appliance.ini");
            await box.CopyAsync(Encoding.UTF8.GetBytes(box.Name.Split('-')[^1] + "\n"), "/var/www/html/index.html");
            await Exec(box, "systemctl", "enable", "--now", "appliance");

            // Type=notify: `systemctl start` returned after READY=1; Conflicts= stopped Debian's nginx first.
            Assert.Equal("active", await Systemctl(box, "is-active", "appliance"));
            Assert.Equal("inactive", await Systemctl(box, "is-active", "nginx"));
        }

        await WaitForStatus(box1, "OK: web master, nginx healthy");
        await WaitForStatus(box2, "OK: web backup, nginx healthy");

        var appliance = Path.Combine(Path.GetTempPath(), $"appliance-deb-probe-{Environment.ProcessId}");
        Directory.CreateDirectory(appliance);
        try
        {
            Cmd("dpkg-deb", "-x", deb, appliance);
            using var sink = new TimelineSink();
            await _lan.StartProbeAsync("client", sink, b => b.WithBindMount(Path.Combine(appliance, "usr/sbin/appliance"), "/usr/local/sbin/appliance"),
                "/usr/local/sbin/appliance", $"http://{Range.Vip}/", "--every", "5ms", "--timeout", "100ms");
            await OrderlyHandover.Check(sink, "systemctl stop", () => Exec(box1, "systemctl", "stop", "appliance"), output);
        }
        finally
        {
            Directory.Delete(appliance, recursive: true);
        }

        // A clean stop: exit status 0, no restart, the VIP gone from box1, its nginx stopped (and Debian's not back).
        var unit = (await Exec(box1, "systemctl", "show", "-p", "Result", "-p", "ExecMainStatus", "-p", "NRestarts", "appliance"))
            .Split('\n').Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(("success", "0", "0"), (unit["Result"], unit["ExecMainStatus"], unit["NRestarts"]));
        Assert.DoesNotContain($" {Range.Vip}/", await Exec(box1, "ip", "-4", "-o", "addr", "show", "dev", "eth0"), StringComparison.Ordinal);
        Assert.NotEqual(0, (await box1.ExecAsync(["pgrep", "-x", "nginx"])).ExitCode);
        Assert.Equal("inactive", await Systemctl(box1, "is-active", "nginx"));
        Assert.Contains("appliance stopped: SIGTERM", await Exec(box1, "journalctl", "-u", "appliance", "--no-pager"), StringComparison.Ordinal);
        await WaitForStatus(box2, "OK: web master, nginx healthy");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var container in _lan?.Containers ?? [])
        {
            try
            {
                var journal = await container.ExecAsync(["journalctl", "-u", "appliance", "-u", "nginx", "--no-pager", "-n", "40"]);
                output.WriteLine($"--- {container.Name} ---\n{journal.Stdout}");
            }
            catch (Exception e) when (e is InvalidOperationException or Docker.DotNet.DockerApiException or HttpRequestException)
            {
                output.WriteLine($"--- {container.Name}: no journal ({e.Message})");
            }
        }

        if (_lan is not null)
        {
            await _lan.DisposeAsync();
        }
    }

    private static async Task WaitForStatus(IContainer box, string expected)
    {
        var last = "";
        for (var waited = System.Diagnostics.Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(20); await Task.Delay(200))
        {
            // STATUS= of sd_notify: the supervisor's `appliance status --check` line, as `systemctl status` shows it.
            last = await Exec(box, "systemctl", "show", "-p", "StatusText", "--value", "appliance");
            if (last == expected)
            {
                return;
            }
        }

        throw new Xunit.Sdk.XunitException($"{box.Name}: StatusText stayed '{last}', expected '{expected}'");
    }

    private static async Task<string> Systemctl(IContainer box, string verb, string unit) =>
        (await box.ExecAsync(["systemctl", verb, unit])).Stdout.Trim();

    private static async Task<string> Exec(IContainer box, params string[] command)
    {
        var result = await box.ExecAsync(command);
        Assert.True(result.ExitCode == 0, $"{box.Name}: {string.Join(' ', command)}: exit {result.ExitCode}\n{result.Stdout}{result.Stderr}");
        return result.Stdout.Trim();
    }

    private static void Cmd(string program, params string[] args) => Appliance.Lab.Cmd.Run(program, args);
}
