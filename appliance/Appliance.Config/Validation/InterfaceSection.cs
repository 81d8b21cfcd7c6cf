using System.Net.Sockets;

namespace Appliance.Config;

internal static class InterfaceSection
{
    public static InterfaceOptions Read(string name, RawInterface raw, Findings findings, ConfigEnvironment environment)
    {
        var r = new SectionReader(findings, "interface:" + name);
        var addresses = r.CidrList("address", raw.Address, prefixRequired: true);
        foreach (var a in addresses.ToList())
        {
            if (Addresses.UnicastProblem(a.Address) is { } problem)
            {
                r.Error("address", raw.Address, $"{a} is {problem}, not an address for an interface");
                addresses.Remove(a);
            }
        }

        var manage = r.Bool("manage", raw.Manage, false);
        var gateway = Gateway(r, "gateway", raw.Gateway, AddressFamily.InterNetwork, addresses, manage, name);
        var gateway6 = Gateway(r, "gateway6", raw.Gateway6, AddressFamily.InterNetworkV6, addresses, manage, name);

        if (environment.KnownInterfaces is { } known && !known.Contains(name, StringComparer.Ordinal))
        {
            var hint = Suggestions.NearestInterface(name, known) is { } nearest ? $"; did you mean [interface:{nearest}]?" : $" (links: {string.Join(", ", known)})";
            r.Warning(null, null, $"interface {name} does not exist on this box{hint}");
        }

        return new InterfaceOptions { Name = name, Addresses = addresses, Gateway = gateway, Gateway6 = gateway6, Manage = manage };
    }

    private static System.Net.IPAddress? Gateway(SectionReader r, string key, string? raw, AddressFamily family, List<InterfaceAddress> addresses, bool manage, string name)
    {
        var gateway = r.Address(key, raw);
        if (gateway is null)
        {
            return null;
        }

        if (gateway.AddressFamily != family)
        {
            r.Error(key, raw, family == AddressFamily.InterNetwork
                ? "gateway takes an IPv4 address; put an IPv6 gateway in gateway6"
                : "gateway6 takes an IPv6 address; put an IPv4 gateway in gateway");
            return null;
        }

        if (Addresses.UnicastProblem(gateway) is { } problem)
        {
            r.Error(key, raw, $"{gateway} is {problem}, not a gateway");
            return null;
        }

        if (addresses.Any(a => a.Address.Equals(gateway)))
        {
            r.Error(key, raw, $"{gateway} is this box's own address on {name}, not a gateway");
            return null;
        }

        var sameFamily = addresses.Where(a => a.Family == family).ToList();
        var linkLocal = gateway.IsIPv6LinkLocal;
        if (!linkLocal && sameFamily.Count > 0 && !sameFamily.Any(a => a.Contains(gateway)))
        {
            r.Warning(key, raw, $"{gateway} is outside every {Addresses.FamilyName(family)} subnet of {name} ({string.Join(", ", sameFamily)}): it is unreachable as a gateway");
        }
        else if (!linkLocal && sameFamily.Count == 0 && manage)
        {
            r.Warning(key, raw, $"{name} has no {Addresses.FamilyName(family)} address, so {gateway} is unreachable as a gateway");
        }

        return gateway;
    }
}
