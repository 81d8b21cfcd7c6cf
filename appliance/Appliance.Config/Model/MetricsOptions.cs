using System.Net;

namespace Appliance.Config;

/// <summary>The <c>[metrics]</c> section: where Prometheus scrapes <c>/metrics</c>. Null: no endpoint.</summary>
public sealed record MetricsOptions
{
    public IPEndPoint? Listen { get; init; }
}
