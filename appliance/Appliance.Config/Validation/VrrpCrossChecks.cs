namespace Appliance.Config;

/// <summary>Checks between sections: VRIDs per link and family, virtual addresses in two places, subnets.</summary>
internal static class VrrpCrossChecks
{
    public static void Run(IReadOnlyList<VrrpInstanceOptions> instances, IReadOnlyList<InterfaceOptions> interfaces, NginxOptions nginx, RawConfig raw, Findings findings)
    {
        for (var i = 0; i < instances.Count; i++)
        {
            var vrrp = instances[i];
            var section = "vrrp:" + vrrp.Name;
            var rawVrrp = raw.Vrrp[vrrp.Name];
            AcceptCheck(vrrp, nginx, rawVrrp, findings);
            for (var j = 0; j < i; j++)
            {
                var earlier = instances[j];
                // RFC 9568 7.3: the VRID with the address family identifies the virtual router on a link.
                if (earlier.Interface == vrrp.Interface && earlier.Vrid == vrrp.Vrid && earlier.Family == vrrp.Family)
                {
                    findings.Error(section, "vrid", rawVrrp.Vrid, $"vrid {vrrp.Vrid} is already used on {vrrp.Interface} for {Addresses.FamilyName(vrrp.Family)} by [vrrp:{earlier.Name}]; each instance on a link needs its own vrid");
                }

                var shared = vrrp.VirtualIps.FirstOrDefault(v => earlier.VirtualIps.Any(e => e.Address.Equals(v.Address)));
                if (shared is not null)
                {
                    findings.Error(section, "virtual_ip", rawVrrp.VirtualIp, $"{shared.Address} is also a virtual_ip of [vrrp:{earlier.Name}]");
                }
            }

            SubnetCheck(vrrp, interfaces, rawVrrp, findings);
        }

        for (var i = 0; i < interfaces.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var shared = interfaces[i].Addresses.FirstOrDefault(a => interfaces[j].Addresses.Any(b => b.Address.Equals(a.Address)));
                if (shared is not null)
                {
                    var rawAddress = raw.Interface.TryGetValue(interfaces[i].Name, out var ri) ? ri.Address : null;
                    findings.Error("interface:" + interfaces[i].Name, "address", rawAddress, $"{shared.Address} is also an address of [interface:{interfaces[j].Name}]");
                }
            }
        }
    }

    private static void SubnetCheck(VrrpInstanceOptions vrrp, IReadOnlyList<InterfaceOptions> interfaces, RawVrrp raw, Findings findings)
    {
        var link = interfaces.FirstOrDefault(i => i.Name == vrrp.Interface);
        var subnets = link?.Addresses.Where(a => a.Family == vrrp.Family).ToList() ?? [];
        if (subnets.Count == 0)
        {
            return; // nothing declared for this family: the subnet is not known here
        }

        foreach (var vip in vrrp.VirtualIps)
        {
            if (vip.Address.IsIPv6LinkLocal || subnets.Any(s => s.Contains(vip.Address)))
            {
                continue;
            }

            var elsewhere = interfaces.FirstOrDefault(i => i.Name != vrrp.Interface && i.Addresses.Any(a => a.Contains(vip.Address)));
            var hint = elsewhere is null
                ? "clients on that link reach it only through a route"
                : $"it lies in a subnet of {elsewhere.Name}: should interface be {elsewhere.Name}?";
            findings.Warning("vrrp:" + vrrp.Name, "virtual_ip", raw.VirtualIp, $"{vip.Address} is outside every subnet of {vrrp.Interface} ({string.Join(", ", subnets)}): {hint}");
        }
    }

    /// <summary>
    /// accept = false lets through only nginx's held ports; without <c>[nginx] listen</c> the supervisor does not
    /// know them, and the web on the virtual addresses would be dropped with everything else.
    /// </summary>
    private static void AcceptCheck(VrrpInstanceOptions vrrp, NginxOptions nginx, RawVrrp raw, Findings findings)
    {
        if (vrrp.Accept || vrrp.AddressOwner || vrrp.Priority == 255 || !nginx.Enabled)
        {
            return;
        }

        var v6 = vrrp.Family == System.Net.Sockets.AddressFamily.InterNetworkV6;
        if (!nginx.Listen.Any(l => l.IsIPv6 == v6 && (l.IsWildcard || vrrp.VirtualIps.Any(v => v.Address.Equals(l.Address)))))
        {
            findings.Warning("vrrp:" + vrrp.Name, "accept", raw.Accept,
                $"accept = false drops every packet to the virtual addresses, nginx's too: no {(v6 ? "IPv6" : "IPv4")} entry of [nginx] listen reaches them (list nginx's ports there, or set accept = true)");
        }
    }
}
