using System.Net;
using System.Text.Json;
using Appliance.Lab;

namespace Appliance.Image.Tests.Infrastructure;

/// <summary>
/// The docker daemon of the image tests, and what Testcontainers needs to talk to it:
/// Debian 12's engine speaks API 1.41; Ryuk would be pulled from a registry (the tests use imported images only, and
/// need no registry); and on a machine that looks like a container itself (a CI runner), Testcontainers would look
/// for the daemon at docker0's gateway.
/// </summary>
internal static class DockerDaemon
{
    /// <summary>Where tools/docker-up.sh keeps the daemon it starts (data, pid file, log).</summary>
    public static readonly string StateDirectory = Path.Combine(Path.GetTempPath(), "appliance-image-tests-docker");

    private static readonly object Gate = new();
    private static bool _ensured;

    /// <summary>A daemon answers (ours, started now, or one that already ran) and Testcontainers is set up for it.</summary>
    public static void EnsureDaemon()
    {
        lock (Gate)
        {
            if (_ensured)
            {
                return;
            }

            Environment.SetEnvironmentVariable("DOCKER_API_VERSION", "1.41");
            Environment.SetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED", "true");
            Environment.SetEnvironmentVariable("TESTCONTAINERS_HOST_OVERRIDE", "127.0.0.1");
            Cmd.Run(TimeSpan.FromSeconds(60), Repository.Path("tools/docker-up.sh"), StateDirectory);
            _ensured = true;
        }
    }

    /// <summary>Stops the daemon tools/docker-up.sh started for us, if it did; a daemon someone else runs stays.</summary>
    public static void StopOurDaemon()
    {
        lock (Gate)
        {
            // The next collection that needs a daemon asks for one again.
            Cmd.TryRun(TimeSpan.FromSeconds(60), Repository.Path("tools/docker-down.sh"), StateDirectory);
            _ensured = false;
        }
    }

    /// <summary>docker CLI, throwing with the output on failure.</summary>
    public static string Run(params string[] arguments) => Cmd.Run(TimeSpan.FromSeconds(60), "docker", arguments).StandardOutput.Trim();

    /// <summary>
    /// Refuses a subnet for a docker network that overlaps a route of this machine: a docker bridge on the host's own
    /// range or on the route to the package mirrors cuts the machine off (tools/docker-up.sh).
    /// </summary>
    public static void EnsureFree(string subnet)
    {
        var (network, bits) = Parse(subnet);
        using var routes = JsonDocument.Parse(Cmd.Run("ip", "-j", "-4", "route", "show").StandardOutput);
        foreach (var route in routes.RootElement.EnumerateArray())
        {
            var destination = route.GetProperty("dst").GetString()!;
            if (destination == "default")
            {
                continue;
            }

            var (other, otherBits) = Parse(destination.Contains('/', StringComparison.Ordinal) ? destination : destination + "/32");
            var common = Math.Min(bits, otherBits);
            if (Prefix(network, common) == Prefix(other, common))
            {
                throw new InvalidOperationException($"the test network {subnet} overlaps the route {destination} of this machine; pick another range");
            }
        }
    }

    private static (uint Network, int Bits) Parse(string cidr)
    {
        var parts = cidr.Split('/');
        var bytes = IPAddress.Parse(parts[0]).GetAddressBytes();
        return ((uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static uint Prefix(uint address, int bits) => bits == 0 ? 0 : address >> (32 - bits);
}
