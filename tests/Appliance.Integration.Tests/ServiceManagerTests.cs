using System.Net.Sockets;
using System.Text;
using Appliance.Lab;
using Appliance.Testing;
using Xunit.Abstractions;

namespace Appliance.Integration.Tests;

/// <summary>
/// `appliance run` as a systemd Type=notify service: the notifications it sends to NOTIFY_SOCKET, read here from a
/// unix datagram socket bound where systemd would bind its own (the wire protocol of sd_notify(3)).
/// </summary>
public sealed class ServiceManagerTests(ITestOutputHelper output) : LabTest(output)
{
    [RootFact]
    public void Ready_status_watchdog_and_stopping_reach_the_notify_socket()
    {
        var path = Path.Combine(B1.Directory, "notify.sock");
        using var manager = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        manager.Bind(new UnixDomainSocketEndPoint(path));
        manager.ReceiveTimeout = 15_000;
        var settings = new PairSettings { AdvertInterval = Fast };
        B1.StartNginx();
        B1.StartAppliance(ApplianceIni.For(B1, 200, settings, [B2]), environment: new Dictionary<string, string>
        {
            ["NOTIFY_SOCKET"] = path,
            ["WATCHDOG_USEC"] = "400000",
        });

        var buffer = new byte[4096];
        string Next() => Encoding.UTF8.GetString(buffer, 0, manager.Receive(buffer));

        var ready = Next();
        Assert.Contains("READY=1\n", ready);
        Assert.Matches("STATUS=(OK|NOT OK): ", ready);

        // Pings every 200 ms (half of WATCHDOG_USEC), and STATUS follows the box to master.
        var started = DateTime.UtcNow;
        var messages = new List<string>();
        while (!messages.Any(m => m.Contains("STATUS=OK: web master", StringComparison.Ordinal)) && DateTime.UtcNow - started < TimeSpan.FromSeconds(10))
        {
            messages.Add(Next());
        }

        Assert.Contains(messages, m => m.Contains("STATUS=OK: web master", StringComparison.Ordinal));
        var pings = messages.Count(m => m.StartsWith("WATCHDOG=1\n", StringComparison.Ordinal));
        Assert.True(pings >= 2, string.Join(" | ", messages));

        B1.Appliance!.Signal(Signals.SIGTERM);
        string stopping;
        do
        {
            stopping = Next();
        }
        while (stopping.StartsWith("WATCHDOG=1\n", StringComparison.Ordinal) && !stopping.Contains("STOPPING", StringComparison.Ordinal));

        Assert.StartsWith("STOPPING=1\nSTATUS=stopping: SIGTERM\n", stopping);
        Assert.True(B1.Appliance.WaitForExit(TimeSpan.FromSeconds(10)));
    }
}
