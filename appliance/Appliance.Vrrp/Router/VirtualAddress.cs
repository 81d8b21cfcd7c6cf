using System.Net;

namespace Appliance.Vrrp.Router;

/// <summary>A virtual IP address with the prefix length it gets on the interface.</summary>
public readonly record struct VirtualAddress(IPAddress Address, int PrefixLength)
{
    public override string ToString() => $"{Address}/{PrefixLength}";
}
