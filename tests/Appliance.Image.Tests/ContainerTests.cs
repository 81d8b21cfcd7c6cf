using System.Diagnostics;
using Appliance.Image.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Appliance.Image.Tests;

// The container built by `docker import` of the rootfs tar: entrypoint, volume, nginx, clean stop.
[Collection("image")]
public sealed class ContainerTests(ImageFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly string _name = $"appliance-image-test-{Environment.ProcessId}";

    [RootFact]
    public async Task The_container_runs_the_appliance_serves_its_name_and_stops_on_SIGTERM()
    {
        var image = fixture.Image.ContainerImage;
        Assert.Equal("[\"/usr/sbin/appliance\"] [\"run\"] {\"/etc/appliance\":{}}",
            Docker("image", "inspect", "--format", "{{json .Config.Entrypoint}} {{json .Config.Cmd}} {{json .Config.Volumes}}", image));

        Docker("run", "--detach", "--pull", "never", "--name", _name, image);
        var ready = Stopwatch.StartNew();
        var logs = "";
        while (ready.Elapsed < TimeSpan.FromSeconds(30) && !logs.Contains("APPLIANCE READY", StringComparison.Ordinal))
        {
            await Task.Delay(100);
            logs = Docker("logs", _name);
        }
        output.WriteLine($"{ready.Elapsed.TotalSeconds:0.00} s: {logs}");
        Assert.Contains("nginx=yes", logs, StringComparison.Ordinal);

        var address = Docker("inspect", "--format", "{{.NetworkSettings.IPAddress}}", _name);
        var hostname = Docker("inspect", "--format", "{{.Config.Hostname}}", _name);
        var answer = Shell.Run(TimeSpan.FromSeconds(10), "curl", "-sS", "--max-time", "5", $"http://{address}/").EnsureSuccess("curl");
        Assert.Equal(hostname + "\n", answer.Output);

        var stop = Stopwatch.StartNew();
        Docker("stop", "--time", "10", _name);
        output.WriteLine($"docker stop took {stop.Elapsed.TotalSeconds:0.00} s");
        Assert.Equal("0", Docker("inspect", "--format", "{{.State.ExitCode}}", _name));
        Assert.True(stop.Elapsed < TimeSpan.FromSeconds(5), "SIGTERM must stop it; a SIGKILL after the timeout would exit 137");
    }

    public void Dispose() => Shell.Run("docker", "rm", "--force", _name);

    private static string Docker(params string[] arguments) =>
        Shell.Run(TimeSpan.FromSeconds(60), "docker", arguments).EnsureSuccess($"docker {string.Join(' ', arguments)}").Output.Trim();
}
