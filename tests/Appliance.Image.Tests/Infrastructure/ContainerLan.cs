using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Images;
using DotNet.Testcontainers.Networks;

namespace Appliance.Image.Tests.Infrastructure;

/// <summary>
/// A docker network of its own with containers on it, through Testcontainers: boxes (`appliance run`, as the image's
/// entrypoint, or a Debian host booted with systemd) and clients (`appliance probe`). The network has an explicit
/// documentation-range subnet that overlaps no route of this machine; docker hands out addresses from its upper half
/// only, so the VIP in the lower half is nobody's own address. Everything is removed on DisposeAsync, also after a
/// failure.
/// </summary>
internal sealed class ContainerLan : IAsyncDisposable
{
    public const string Vip = "198.51.100.10";

    /// <summary>The container image's pair (ContainerTests).</summary>
    public static readonly LanRange ImageRange = new("img", "198.51.100.0/26", Vip, "198.51.100.1", "198.51.100.32/27");

    private readonly List<IContainer> _containers = [];
    private readonly string _prefix;
    private readonly string _image;

    private ContainerLan(INetwork network, string prefix, string image, LanRange range)
    {
        Network = network;
        _prefix = prefix;
        _image = image;
        Range = range;
    }

    public INetwork Network { get; }

    public LanRange Range { get; }

    public IReadOnlyList<IContainer> Containers => _containers;

    public static async Task<ContainerLan> CreateAsync(string image, LanRange? range = null)
    {
        range ??= ImageRange;
        DockerDaemon.EnsureDaemon();
        DockerDaemon.EnsureFree(range.Subnet);
        var prefix = $"a{range.Name}{Environment.ProcessId}";
        var network = new NetworkBuilder()
            .WithName($"{prefix}-lan")
            .WithDriver(NetworkDriver.Bridge)
            .WithCreateParameterModifier(p => p.IPAM = new IPAM
            {
                Config = [new IPAMConfig { Subnet = range.Subnet, IPRange = range.Handed, Gateway = range.Gateway }],
            })
            .Build();
        await network.CreateAsync();
        return new ContainerLan(network, prefix, image, range);
    }

    /// <summary>
    /// Starts a box with this configuration in its /etc/appliance (a bind mount of <paramref name="configDirectory"/>)
    /// and waits for its ready banner. NET_ADMIN and NET_RAW: it adds the VIP and speaks VRRP over a raw socket.
    /// </summary>
    public async Task<IContainer> StartBoxAsync(string hostname, string configDirectory, string ini, TimeSpan timeout)
    {
        Directory.CreateDirectory(configDirectory);
        File.WriteAllText(Path.Combine(configDirectory, "appliance.ini"), ini);
        var box = Track(Builder(hostname)
            .WithHostname(hostname)
            .WithBindMount(configDirectory, "/etc/appliance")
            .WithCreateParameterModifier(p => (p.HostConfig ??= new HostConfig()).CapAdd = ["NET_ADMIN", "NET_RAW"])
            .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged($"ready: {hostname}", w => w.WithTimeout(timeout)))
            .Build());
        await box.StartAsync();
        return box;
    }

    /// <summary>Starts a client: the image's own `appliance probe --timeline`, each attempt into <paramref name="sink"/>.</summary>
    public Task<IContainer> StartProbeAsync(string name, IOutputConsumer sink, params string[] probeArguments) =>
        StartProbeAsync(name, sink, b => b, "/usr/sbin/appliance", probeArguments);

    /// <summary>A client whose `appliance probe` is <paramref name="appliance"/> in a container <paramref name="configure"/> prepares.</summary>
    public async Task<IContainer> StartProbeAsync(string name, IOutputConsumer sink, Func<ContainerBuilder, ContainerBuilder> configure, string appliance, params string[] probeArguments)
    {
        var probe = Track(configure(Builder(name))
            .WithEntrypoint(appliance)
            .WithCommand(["probe", .. probeArguments, "--timeline"])
            .WithOutputConsumer(sink)
            .Build());
        await probe.StartAsync();
        return probe;
    }

    /// <summary>Starts a container of the LAN's image that <paramref name="configure"/> prepares, named NAME on the LAN.</summary>
    public async Task<IContainer> StartAsync(string name, Func<ContainerBuilder, ContainerBuilder> configure)
    {
        var container = Track(configure(Builder(name)).Build());
        await container.StartAsync();
        return container;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var container in _containers)
        {
            // Without Ryuk, these containers (built WithCleanUp) were left stopped on the daemon after DisposeAsync:
            // removed here (one never created has no id).
            var id = container.State == TestcontainersStates.Undefined ? null : container.Id;
            await container.DisposeAsync();
            if (id is not null)
            {
                Appliance.Lab.Cmd.TryRun("docker", "rm", "--force", "--volumes", id);
            }
        }

        await Network.DisposeAsync();
    }

    private ContainerBuilder Builder(string name) => new ContainerBuilder(_image)
        .WithImagePullPolicy(PullPolicy.Never)
        .WithName($"{_prefix}-{name}")
        .WithNetwork(Network)
        .WithCleanUp(true);

    private IContainer Track(IContainer container)
    {
        _containers.Add(container);
        return container;
    }
}

/// <summary>A LAN's addresses: docker hands out <paramref name="Handed"/> only, so <paramref name="Vip"/> is nobody's.</summary>
internal sealed record LanRange(string Name, string Subnet, string Vip, string Gateway, string Handed);
