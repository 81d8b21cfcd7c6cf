using System.Diagnostics;
using System.Text.Json;
using Appliance.Config;
using Appliance.Image.Tests.Infrastructure;
using Appliance.Lab;
using Appliance.Lab.Probe;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Images;
using Xunit.Abstractions;

namespace Appliance.Image.Tests;

/// <summary>The container image (`docker import` of the rootfs, by the build's container step) under Testcontainers.</summary>
[Collection("image")]
public sealed class ContainerTests(ImageFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(30);

    private readonly Scratch _scratch = new("containers");
    private readonly List<IContainer> _single = [];
    private ContainerLan? _lan;

    [RequiresToolFact("dockerd")]
    public void The_archive_loads_back_the_image_with_its_tag_and_configuration()
    {
        var image = fixture.Image.ContainerImage;
        var id = DockerDaemon.Run("image", "inspect", "--format", "{{.Id}}", image).Trim();

        // As on another host: the daemon knows no such tag until the archive is loaded (the layers may stay, held
        // by stopped containers of other tests; the tag is what a `docker run` line names).
        DockerDaemon.Run("image", "rm", "--force", image);
        Assert.NotEqual(0, Cmd.TryRun("docker", "image", "inspect", image).ExitCode);
        var loaded = DockerDaemon.Run("load", "-i", fixture.Image.ContainerArchive);

        Assert.Contains($"Loaded image: {image}", loaded);
        Assert.Equal(id, DockerDaemon.Run("image", "inspect", "--format", "{{.Id}}", image).Trim());
        Assert.Equal("[\"/usr/sbin/appliance\"] [\"run\"]",
            DockerDaemon.Run("image", "inspect", "--format", "{{json .Config.Entrypoint}} {{json .Config.Cmd}}", image).Trim());
    }

    [RequiresToolFact("dockerd")]
    public async Task The_container_writes_the_factory_configuration_serves_its_name_and_stops_cleanly_on_SIGTERM()
    {
        var image = fixture.Image.ContainerImage;
        Assert.Equal("[\"/usr/sbin/appliance\"] [\"run\"] {\"/etc/appliance\":{}} [\"container=docker\"]",
            DockerDaemon.Run("image", "inspect", "--format", "{{json .Config.Entrypoint}} {{json .Config.Cmd}} {{json .Config.Volumes}} {{json .Config.Env}}", image));

        // No configuration and no capabilities: a first boot on an empty volume.
        var config = _scratch.Path("single");
        Directory.CreateDirectory(config);
        var box = new ContainerBuilder(image)
            .WithImagePullPolicy(PullPolicy.Never)
            .WithName($"aimg{Environment.ProcessId}-single")
            .WithHostname("single")
            .WithBindMount(config, "/etc/appliance")
            .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged("ready: appliance", w => w.WithTimeout(Ready)))
            .Build();
        _single.Add(box);
        await box.StartAsync();

        Assert.Equal(FactoryDefaults.Text, File.ReadAllText(Path.Combine(config, "appliance.ini")));
        var answer = await Fetch($"http://{box.IpAddress}/");
        Assert.Equal("single\n", answer);

        var stop = Stopwatch.StartNew();
        await box.StopAsync();
        output.WriteLine($"docker stop took {stop.Elapsed.TotalSeconds:0.00} s");
        Assert.Equal(0, await box.GetExitCodeAsync());
        // The log (standard error; standard output has the ready banner) reaches docker's log file a moment after the
        // process has gone.
        var logs = "";
        for (var waited = Stopwatch.StartNew(); !logs.Contains("appliance stopped: SIGTERM", StringComparison.Ordinal) && waited.Elapsed < TimeSpan.FromSeconds(5); await Task.Delay(100))
        {
            var (stdout, stderr) = await box.GetLogsAsync(until: DateTime.UtcNow.AddMinutes(1));
            logs = stdout + stderr;
        }

        Assert.Contains("appliance stopped: SIGTERM", logs, StringComparison.Ordinal);
    }

    [RequiresToolFact("dockerd")]
    public async Task A_container_with_NET_ADMIN_on_factory_defaults_keeps_the_address_docker_gave_it()
    {
        // The image says ENV container=docker: docker owns the container's network, and a first boot must not take
        // eth0's address away (the factory file manages eth0 for a box of its own).
        var config = _scratch.Path("admin");
        Directory.CreateDirectory(config);
        var box = new ContainerBuilder(fixture.Image.ContainerImage)
            .WithImagePullPolicy(PullPolicy.Never)
            .WithName($"aimg{Environment.ProcessId}-admin")
            .WithHostname("admin")
            .WithBindMount(config, "/etc/appliance")
            .WithCreateParameterModifier(p => (p.HostConfig ??= new Docker.DotNet.Models.HostConfig()).CapAdd = ["NET_ADMIN", "NET_RAW"])
            .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged("ready: appliance", w => w.WithTimeout(Ready)))
            .Build();
        _single.Add(box);
        await box.StartAsync();

        var addresses = await box.ExecAsync(["/bin/ip", "-4", "-o", "addr", "show", "dev", "eth0"]);
        Assert.Contains($" {box.IpAddress}/", addresses.Stdout, StringComparison.Ordinal);
        Assert.Equal("admin\n", await Fetch($"http://{box.IpAddress}/"));
    }

    [RequiresToolFact("dockerd")]
    public async Task Stopping_the_master_container_hands_the_VIP_to_the_backup_without_a_refused_request()
    {
        var image = fixture.Image.ContainerImage;
        _lan = await ContainerLan.CreateAsync(image);
        var box1 = await _lan.StartBoxAsync("box1", _scratch.Path("box1"), Ini("box1", 200), Ready);
        var box2 = await _lan.StartBoxAsync("box2", _scratch.Path("box2"), Ini("box2", 100), Ready);
        using var sink = new TimelineSink();
        await _lan.StartProbeAsync("client", sink, $"http://{ContainerLan.Vip}/", "--every", "5ms", "--timeout", "100ms");
        await OrderlyHandover.Check(sink, "docker stop", () => box1.StopAsync(), output);

        // The old master left in order: SIGTERM, hand-over, exit 0; the backup heard it resign.
        Assert.Equal(0, await box1.GetExitCodeAsync());
        var status = await box2.ExecAsync(["/usr/sbin/appliance", "status", "--json"]);
        Assert.Equal(0, status.ExitCode);
        using var json = JsonDocument.Parse(status.Stdout);
        var web = json.RootElement.GetProperty("vrrp")[0];
        Assert.Equal("master", web.GetProperty("state").GetString());
        Assert.Contains("resigned (priority 0)", web.GetProperty("last_transition").GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var container in _single.Concat(_lan?.Containers ?? []))
        {
            try
            {
                var (stdout, stderr) = await container.GetLogsAsync(until: DateTime.UtcNow.AddMinutes(1));
                output.WriteLine($"--- {container.Name} ---\n{Tail(stdout + stderr)}");
            }
            catch (Exception e) when (e is InvalidOperationException or Docker.DotNet.DockerApiException or HttpRequestException)
            {
                output.WriteLine($"--- {container.Name}: no logs ({e.Message})");
            }
        }

        foreach (var container in _single)
        {
            await container.DisposeAsync();
        }

        if (_lan is not null)
        {
            await _lan.DisposeAsync();
        }

        _scratch.Dispose();
    }

    private static string Ini(string hostname, int priority) =>
        new BoxIni { Hostname = hostname, Priority = priority, VirtualIp = $"{ContainerLan.Vip}/26", Shell = false }.ToString();

    // From the host to the container's docker address: docker0 is ours (tools/docker-up.sh), nothing leaves the machine.
    private static async Task<string> Fetch(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await http.GetStringAsync(new Uri(url));
    }


    private static string Tail(string text) => string.Join('\n', text.Split('\n').Where(l => !l.Contains("appliance-probe", StringComparison.Ordinal)).TakeLast(40));
}
