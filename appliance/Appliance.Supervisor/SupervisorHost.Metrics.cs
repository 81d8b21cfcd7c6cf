using Appliance.Config;
using Appliance.Control;
using Appliance.Linux;
using Appliance.Supervisor.Metrics;

namespace Appliance.Supervisor;

/// <summary>The <c>[metrics]</c> endpoint: started with the control socket, moved live when its address changes.</summary>
public sealed partial class SupervisorHost
{
    private MetricsServer? _metrics;

    /// <summary>(Re)starts the endpoint for <paramref name="options"/>; a failure is logged, never fatal (PID 1 stays up).</summary>
    private string? ApplyMetrics(MetricsOptions options)
    {
        _metrics?.Dispose();
        _metrics = null;
        if (options.Listen is not { } endpoint)
        {
            return "metrics: off";
        }

        try
        {
            _metrics = MetricsServer.Start(_loop!, _log, endpoint, () => MetricsText.Render(Status()));
            _log.Information("metrics: Prometheus scrapes http://{Endpoint}/metrics", FormatEndpoint(endpoint));
            return $"metrics: serving on {FormatEndpoint(endpoint)}";
        }
        catch (SystemCallException e)
        {
            _log.Error("metrics: cannot listen on {Endpoint}: {Error}", FormatEndpoint(endpoint), e.Message);
            return $"metrics: cannot listen on {FormatEndpoint(endpoint)}: {e.Message}";
        }
    }

    private void StopMetrics()
    {
        _metrics?.Dispose();
        _metrics = null;
    }

    private static string FormatEndpoint(System.Net.IPEndPoint endpoint) =>
        endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]:{endpoint.Port}" : $"{endpoint.Address}:{endpoint.Port}";
}
