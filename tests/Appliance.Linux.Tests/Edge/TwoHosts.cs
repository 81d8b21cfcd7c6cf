using System.Net.NetworkInformation;
using Appliance.Lab;
using Appliance.Testing;

namespace Appliance.Linux.Tests.Edge;

/// <summary>Two namespaces joined by a veth pair: host A (eth0, .1 / ::1) and host B (eth0, .2 / ::2).</summary>
internal sealed class TwoHosts : IDisposable
{
    private TwoHosts(NetworkNamespace a, NetworkNamespace b)
    {
        A = a;
        B = b;
    }

    public NetworkNamespace A { get; }

    public NetworkNamespace B { get; }

    public int IndexA => A.IndexOf("eth0");

    public int IndexB => B.IndexOf("eth0");

    public static TwoHosts Create(string purpose)
    {
        var a = NetworkNamespace.Create($"{purpose}a");
        var b = NetworkNamespace.Create($"{purpose}b");
        try
        {
            foreach (var ns in new[] { a, b })
            {
                ns.Exec("sysctl", "-q", "-w", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");
            }

            a.CreateVethPair("eth0", "peer0", b);
            b.Ip("link", "set", "peer0", "name", "eth0");
            a.Ip("addr", "add", "192.0.2.1/24", "dev", "eth0");
            b.Ip("addr", "add", "192.0.2.2/24", "dev", "eth0");
            a.Ip("addr", "add", "2001:db8::1/64", "dev", "eth0", "nodad");
            b.Ip("addr", "add", "2001:db8::2/64", "dev", "eth0", "nodad");
            a.SetUp("eth0");
            b.SetUp("eth0");

            // IPv6 sends nothing until linkwatch calls the link operational (up to ~1 s after `up`).
            WaitOperational(a);
            WaitOperational(b);
            return new TwoHosts(a, b);
        }
        catch
        {
            a.Dispose();
            b.Dispose();
            throw;
        }
    }

    private static void WaitOperational(NetworkNamespace ns)
    {
        var until = DateTime.UtcNow.AddSeconds(5);
        while (ns.IpJson("link", "show", "dev", "eth0")[0].GetProperty("operstate").GetString() != "UP")
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"eth0 in {ns} did not become operational");
            }

            Thread.Sleep(20);
        }

        LinkLocalOf(ns);
    }

    public static PhysicalAddress MacOf(NetworkNamespace ns) =>
        PhysicalAddress.Parse(ns.IpJson("link", "show", "dev", "eth0")[0].GetProperty("address").GetString()!.Replace(':', '-').ToUpperInvariant());

    /// <summary>As ip prints it: 02:00:00:00:00:0b.</summary>
    public static string Colon(PhysicalAddress mac) => string.Join(':', mac.GetAddressBytes().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The kernel assigns the link-local address when the link comes up: wait for it.</summary>
    public static System.Net.IPAddress LinkLocalOf(NetworkNamespace ns)
    {
        var until = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var links = ns.IpJson("-6", "addr", "show", "dev", "eth0", "scope", "link");
            // ip prints an empty object for each address its filter left out.
            var local = links.GetArrayLength() > 0 && links[0].TryGetProperty("addr_info", out var info)
                ? info.EnumerateArray().Select(a => a.TryGetProperty("local", out var l) ? l.GetString() : null).FirstOrDefault(l => l is not null)
                : null;
            if (local is not null)
            {
                return System.Net.IPAddress.Parse(local);
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"no IPv6 link-local address on eth0 in {ns}");
            }

            Thread.Sleep(20);
        }
    }

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
    }
}
