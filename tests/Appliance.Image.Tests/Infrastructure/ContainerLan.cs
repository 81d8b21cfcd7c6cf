using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Images;
using DotNet.Testcontainers.Networks;

namespace Appliance.Image.Tests.Infrastructure;

/// <summary>
/// The container image on a docker network of its own, through Testcontainers: boxes (`appliance run`, as the image's
/// entrypoint) and clients (the same image with another entrypoint). The network has an explicit documentation-range
/// subnet that overlaps no route of this machine; docker hands out addresses from its upper half only, so the VIP in
/// the lower half is nobody's own address. Everything is removed on DisposeAsync, also after a failure.
/// </summary>
internal sealed class ContainerLan : IAsyncDisposable
{
    public const string Subnet = "198.51.100.0/26";
    public const string Vip = "198.51.100.10";
    private const string Gateway = "198.51.100.1";
    private const string Handed = "198.51.100.32/27";

    private readonly List<IContainer> _containers = [];
    private readonly string _prefix;
    private readonly string _image;

    private ContainerLan(INetwork network, string prefix, string image)
    {
        Network = network;
        _prefix = prefix;
        _image = image;
    }

    public INetwork Network { get; }

    public IReadOnlyList<IContainer> Containers => _containers;

    public static async Task<ContainerLan> CreateAsync(string image)
    {
        DockerDaemon.EnsureDaemon();
        DockerDaemon.EnsureFree(Subnet);
        var prefix = $"aimg{Environment.ProcessId}";
        var network = new NetworkBuilder()
            .WithName($"{prefix}-lan")
            .WithDriver(NetworkDriver.Bridge)
            .WithCreateParameterModifier(p => p.IPAM = new IPAM
            {
                Config = [new IPAMConfig { Subnet = Subnet, IPRange = Handed, Gateway = Gateway }],
            })
            .Build();
        await network.CreateAsync();
        return new ContainerLan(network, prefix, image);
    }

    /// <summary>
    /// Starts a box with this configuration in its /etc/appliance (a bind mount of <paramref name="configDirectory"/>)
    /// and waits for its ready banner. NET_ADMIN and NET_RAW: it adds the VIP and speaks VRRP over a raw socket.
    /// </summary>
    public async Task<IContainer> StartBoxAsync(string hostname, string configDirectory, string ini, TimeSpan timeout)
    {
        Directory.CreateDirectory(configDirectory);
        File.WriteAllText(Path.Combine(configDirectory, "appliance.ini"), ini);
        var box = Track(Builder($"{_prefix}-{hostname}")
            .WithHostname(hostname)
            .WithBindMount(configDirectory, "/etc/appliance")
            .WithCreateParameterModifier(p => (p.HostConfig ??= new HostConfig()).CapAdd = ["NET_ADMIN", "NET_RAW"])
            .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged($"ready: {hostname}", w => w.WithTimeout(timeout)))
            .Build());
        await box.StartAsync();
        return box;
    }

    /// <summary>Starts a client: the image's own `appliance probe --timeline`, each attempt into <paramref name="sink"/>.</summary>
    public async Task<IContainer> StartProbeAsync(string name, IOutputConsumer sink, params string[] probeArguments)
    {
        var probe = Track(Builder($"{_prefix}-{name}")
            .WithEntrypoint("/usr/sbin/appliance")
            .WithCommand(["probe", .. probeArguments, "--timeline"])
            .WithOutputConsumer(sink)
            .Build());
        await probe.StartAsync();
        return probe;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var container in _containers)
        {
            await container.DisposeAsync();
        }

        await Network.DisposeAsync();
    }

    private ContainerBuilder Builder(string name) => new ContainerBuilder(_image)
        .WithImagePullPolicy(PullPolicy.Never)
        .WithName(name)
        .WithNetwork(Network)
        .WithCleanUp(true);

    private IContainer Track(IContainer container)
    {
        _containers.Add(container);
        return container;
    }
}
