using System.Net;
using Appliance.Vrrp.Wire;

namespace Appliance.Vrrp.Receive;

/// <summary>How one virtual router accepts packets: from whom, and how their checksum is computed.</summary>
public sealed record ReceivePolicy
{
    /// <summary>Empty: multicast, anyone on the link. Otherwise only these senders are heard.</summary>
    public IReadOnlyList<IPAddress> UnicastPeers { get; init; } = [];

    public ChecksumMode ChecksumMode { get; init; } = ChecksumMode.Standard;

    public static readonly ReceivePolicy Multicast = new();
}
