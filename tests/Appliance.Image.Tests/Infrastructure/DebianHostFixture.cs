using System.Security.Cryptography;
using System.Text;
using Appliance.Lab;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;

namespace Appliance.Image.Tests.Infrastructure;

/// <summary>
/// A plain Debian 12 host for the package: a root file system with systemd as its init, nginx-light (the package's
/// dependency, enabled as Debian installs it) and what the tests look with, built once with mmdebstrap from this
/// machine's apt sources, cached under artifacts/debian-host, and imported into docker (`docker import`). The package
/// under test is the one `./build.sh --target=Deb` wrote into artifacts/deb.
/// </summary>
public sealed class DebianHostFixture : IDisposable
{
    // What a minimal Debian server has, plus nginx (the package depends on it) and the tools the tests look with.
    private static readonly string[] Packages = ["systemd", "systemd-sysv", "init-system-helpers", "nginx-light", "iproute2", "procps"];

    private readonly Lazy<string> _image = new(Import, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The docker image of the host (imported once per content of the root file system).</summary>
    internal string Image => _image.Value;

    /// <summary>The newest package in artifacts/deb.</summary>
    internal static string Package()
    {
        var directory = Repository.Path("artifacts/deb");
        var newest = Directory.Exists(directory)
            ? new DirectoryInfo(directory).GetFiles("appliance_*_amd64.deb").MaxBy(f => f.LastWriteTimeUtc)
            : null;
        return newest?.FullName ?? throw new FileNotFoundException($"no appliance_*_amd64.deb in {directory}: run ./build.sh --target=Deb");
    }

    /// <summary>
    /// A host booted with systemd as PID 1, from <paramref name="deb"/>'s directory mounted at /packages. It runs
    /// without --privileged (which fails where the daemon lacks a capability) but with what systemd needs (its own
    /// mounts: SYS_ADMIN, no seccomp filter, a tmpfs /run and the cgroup tree) and NET_ADMIN for the package's unit
    /// to keep; port numbers below 1024 are privileged as on a real host (docker would open them to everyone).
    /// </summary>
    internal static ContainerBuilder Host(ContainerBuilder builder, string hostname, string deb) => builder
        .WithHostname(hostname)
        .WithEntrypoint("/sbin/init")
        .WithBindMount(Path.GetDirectoryName(deb)!, "/packages", DotNet.Testcontainers.Configurations.AccessMode.ReadOnly)
        .WithCreateParameterModifier(p =>
        {
            // systemd's own request to halt: SIGTERM means nothing to it as PID 1, and docker would wait 10 s to kill.
            p.StopSignal = "SIGRTMIN+3";
            var host = p.HostConfig ??= new HostConfig();
            host.CapAdd = ["SYS_ADMIN", "NET_ADMIN", "NET_RAW"];
            host.SecurityOpt = ["seccomp=unconfined", "apparmor=unconfined"];
            host.Tmpfs = new Dictionary<string, string> { ["/run"] = "", ["/run/lock"] = "", ["/tmp"] = "" };
            host.Sysctls = new Dictionary<string, string> { ["net.ipv4.ip_unprivileged_port_start"] = "1024" };
            // systemd mounts nothing over a cgroup v1 tree it is handed read-only, and needs the v2 tree writable in
            // the host's namespace (docker 20.10 has no private cgroup namespace that systemd could manage).
            if (IsUnifiedCgroupTree())
            {
                host.CgroupnsMode = "host";
                host.Binds = [.. host.Binds ?? [], "/sys/fs/cgroup:/sys/fs/cgroup:rw"];
            }
            else
            {
                host.Binds = [.. host.Binds ?? [], "/sys/fs/cgroup:/sys/fs/cgroup:ro"];
            }
        })
        .WithWaitStrategy(Wait.ForUnixContainer().UntilCommandIsCompleted(
            "sh", "-c", "systemctl is-system-running --wait >/dev/null; systemctl is-system-running | grep -qx -e running -e degraded"));

    public void Dispose()
    {
        if (_image.IsValueCreated)
        {
            DockerDaemon.StopOurDaemon();
        }
    }

    private static string Import()
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("bookworm " + string.Join(',', Packages))))[..12];
        var tag = $"appliance-debian-host:{key}";
        DockerDaemon.EnsureDaemon();
        if (Cmd.TryRun("docker", "image", "inspect", tag).ExitCode == 0)
        {
            return tag;
        }

        var directory = Repository.Path("artifacts/debian-host");
        Directory.CreateDirectory(directory);
        var tar = Path.Combine(directory, $"rootfs-{key}.tar");
        if (!File.Exists(tar))
        {
            // A half-written tar from an interrupted build must not be taken for the real one.
            var partial = tar + ".partial";
            Cmd.Run(TimeSpan.FromMinutes(15), "mmdebstrap", "--variant=essential", "--format=tar", $"--include={string.Join(',', Packages)}", "bookworm", partial);
            File.Move(partial, tar, overwrite: true);
        }

        DockerDaemon.Run("import", tar, tag);
        return tag;
    }

    private static bool IsUnifiedCgroupTree() => File.Exists("/sys/fs/cgroup/cgroup.controllers");
}

[CollectionDefinition("debian-host")]
public sealed class DebianHostCollection : ICollectionFixture<DebianHostFixture>
{
}
