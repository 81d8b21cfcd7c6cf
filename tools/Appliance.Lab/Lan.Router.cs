using System.Net;
using System.Text.Json;
using Appliance.Lab.Probe;

namespace Appliance.Lab;

/// <summary>
/// The routed variant of the lab, for anycast: a router namespace on the switch (192.0.2.1) running FRR with ECMP,
/// and a client on another subnet behind it (198.51.100.100 via 198.51.100.1). The boxes announce 203.0.113.10
/// over BGP; the router spreads the client's connections over every box that does.
/// </summary>
public sealed partial class Lan
{
    public static readonly IPAddress Router4 = IPAddress.Parse("192.0.2.1");
    public static readonly IPAddress RouterFar4 = IPAddress.Parse("198.51.100.1");
    public static readonly IPAddress Far4 = IPAddress.Parse("198.51.100.100");
    public static readonly IPAddress Anycast4 = IPAddress.Parse("203.0.113.10");

    public FrrRouter? Router { get; private set; }

    /// <summary>The client behind the router.</summary>
    public NetworkNamespace? Far { get; private set; }

    public FrrRouter AddRouter(uint routerAs, uint boxAs, TimeSpan bfdInterval)
    {
        var rt = Add("rt");
        Plug(rt, "prt", [$"{Router4}/24"]);
        var far = Add("far");
        rt.Ip("link", "add", "eth1", "type", "veth", "peer", "name", "eth0", "netns", far.Name);
        rt.Ip("addr", "add", $"{RouterFar4}/24", "dev", "eth1");
        rt.Ip("link", "set", "eth1", "up");
        far.Ip("addr", "add", $"{Far4}/24", "dev", "eth0");
        far.Ip("link", "set", "eth0", "up");
        far.Ip("route", "add", "default", "via", RouterFar4.ToString());

        // Layer-4 multipath hashing: flows of one client spread over the boxes by port, not all to one by address.
        rt.Exec("sysctl", "-q", "-w", "net.ipv4.ip_forward=1", "net.ipv4.fib_multipath_hash_policy=1");
        foreach (var box in _boxes)
        {
            box.Namespace.Ip("route", "add", "198.51.100.0/24", "via", Router4.ToString());
        }

        Far = far;
        Router = FrrRouter.Start(rt, Path.Combine(WorkDirectory, "rt"), routerAs, boxAs, Router4, [.. _boxes.Select(b => b.Address4)], bfdInterval);
        return Router;
    }

    /// <summary>The probe from the client behind the router.</summary>
    public Prober StartFarProbe(string url, TimeSpan? every = null, TimeSpan? timeout = null)
    {
        var prober = Prober.Start(Far ?? throw new InvalidOperationException("no router: call AddRouter first"), ApplianceBinary, url,
            every ?? TimeSpan.FromMilliseconds(2), timeout ?? TimeSpan.FromMilliseconds(50), Path.Combine(WorkDirectory, $"probe-{Guid.NewGuid():N}.log"));
        _probers.Add(prober);
        return prober;
    }

    /// <summary>The next hops the router's kernel forwards <paramref name="prefix"/> to (what the client's packets meet).</summary>
    public IReadOnlyList<IPAddress> RouterNexthops(IPAddress prefix)
    {
        var routes = Router!.Namespace.IpJson("route", "show", $"{prefix}/32");
        var hops = new List<IPAddress>();
        foreach (var route in routes.EnumerateArray())
        {
            if (route.TryGetProperty("nexthops", out var nexthops))
            {
                hops.AddRange(nexthops.EnumerateArray().Where(n => n.TryGetProperty("gateway", out _)).Select(n => IPAddress.Parse(n.GetProperty("gateway").GetString()!)));
            }
            else if (route.TryGetProperty("gateway", out var gateway))
            {
                hops.Add(IPAddress.Parse(gateway.GetString()!));
            }
        }

        return hops;
    }
}
