using System.Net;
using System.Net.Sockets;

namespace Appliance.Config;

/// <summary>A vrrp_instance translated into appliance.ini terms, before it is written.</summary>
internal sealed class ImportedInstance
{
    public required string Name { get; init; }

    public required string SourceName { get; init; }

    public required int Line { get; init; }

    public required string Interface { get; set; }

    public required int Vrid { get; set; }

    public int Priority { get; set; } = 100;

    public int Version { get; set; } = 2;

    public TimeSpan AdvertInterval { get; set; } = TimeSpan.FromSeconds(1);

    public List<InterfaceAddress> VirtualIps { get; } = [];

    public AddressFamily Family => VirtualIps.Count > 0 ? VirtualIps[0].Family : AddressFamily.InterNetwork;

    public bool Preempt { get; set; } = true;

    public TimeSpan PreemptDelay { get; set; }

    public bool Accept { get; set; } = true;

    public List<IPAddress> UnicastPeers { get; } = [];

    public IPAddress? UnicastSource { get; set; }

    public bool VirtualMac { get; set; }

    /// <summary>keepalived's v3_checksum_as_v2: the VRRPv3 IPv4 checksum without the pseudo-header.</summary>
    public bool V3ChecksumAsV2 { get; set; }

    public int? AnnounceCount { get; set; }

    public TimeSpan? AnnounceInterval { get; set; }

    /// <summary>keepalived's garp_master_refresh; null or zero: off.</summary>
    public TimeSpan? GarpRefresh { get; set; }

    /// <summary>notify, notify_master, ... as written for appliance.ini (a program and its arguments), by key.</summary>
    public Dictionary<string, string> Notify { get; } = new(StringComparer.Ordinal);

    /// <summary>Object name to weight; null weight: fault.</summary>
    public List<(string Object, int? Weight)> Track { get; } = [];
}
