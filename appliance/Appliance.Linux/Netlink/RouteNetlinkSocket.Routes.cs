namespace Appliance.Linux.Netlink;

public sealed partial class RouteNetlinkSocket
{
    /// <summary>ip route add ROUTE (or replace with <paramref name="replace"/>); an existing route fails with EEXIST.</summary>
    public void AddRoute(RouteSpec route, bool replace = false)
    {
        ArgumentNullException.ThrowIfNull(route);
        Request(
            sequence => RouteRequest.NewRoute(_request, sequence, route, replace),
            $"netlink {(replace ? "replace" : "add")} route {Describe(route)}",
            route.OutputInterfaceIndex ?? 0);
    }

    /// <summary>ip route del ROUTE. With <paramref name="ignoreMissing"/> a route that is not there (ESRCH) is fine.</summary>
    /// <returns>False when there was no such route.</returns>
    public bool DeleteRoute(RouteSpec route, bool ignoreMissing = false)
    {
        ArgumentNullException.ThrowIfNull(route);
        return Request(
            sequence => RouteRequest.DeleteRoute(_request, sequence, route),
            $"netlink delete route {Describe(route)}",
            route.OutputInterfaceIndex ?? 0,
            ignoreMissing ? Errno.ESRCH : Errno.None);
    }

    private static string Describe(RouteSpec route) =>
        route.OutputInterfaceIndex is null ? route.ToString() : $"{route} dev {InterfacePlaceholder}";
}
