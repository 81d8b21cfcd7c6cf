using System.Net;
using System.Net.Sockets;

namespace Appliance.Config;

/// <summary>A <c>[vrrp:NAME]</c> section with its <c>[vrrp:NAME:track]</c> section.</summary>
public sealed record VrrpInstanceOptions
{
    public required string Name { get; init; }

    public required string Interface { get; init; }

    public required byte Vrid { get; init; }

    public byte Priority { get; init; } = 100;

    public int Version { get; init; } = 3;

    public TimeSpan AdvertInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The family of every virtual address of this instance.</summary>
    public AddressFamily Family { get; init; } = AddressFamily.InterNetwork;

    public IReadOnlyList<InterfaceAddress> VirtualIps { get; init => field = EquatableList.From(value); } = EquatableList<InterfaceAddress>.Empty;

    public bool Preempt { get; init; } = true;

    public TimeSpan PreemptDelay { get; init; }

    /// <summary>
    /// RFC 9568 Accept_Mode. True by default, unlike the RFC's False: the box exists to serve its web address, and
    /// keepalived (without vrrp_strict) accepts too. False drops what is addressed to the virtual addresses except
    /// nginx's held ports (<c>[nginx] listen</c>).
    /// </summary>
    public bool Accept { get; init; } = true;

    /// <summary>Empty: advertisements go to the VRRP multicast group.</summary>
    public IReadOnlyList<IPAddress> UnicastPeers { get; init => field = EquatableList.From(value); } = EquatableList<IPAddress>.Empty;

    public IPAddress? UnicastSource { get; init; }

    public bool VirtualMac { get; init; }

    public int AnnounceCount { get; init; } = 3;

    public TimeSpan AnnounceInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>While master, announce every virtual address again this often; zero: never (the default).</summary>
    public TimeSpan GarpRefresh { get; init; }

    public IReadOnlyList<TrackSpec> Track { get; init => field = EquatableList.From(value); } = EquatableList<TrackSpec>.Empty;

    /// <summary>keepalived's notify scripts: a program and its arguments each, empty for none.</summary>
    public NotifyPrograms Notify { get; init; } = new();

    /// <summary>The <c>[group:NAME]</c> this instance belongs to, or null.</summary>
    public string? SyncGroup { get; init; }

    /// <summary>
    /// keepalived's switch of the same name: compute the VRRPv3 IPv4 checksum without the pseudo-header, as some
    /// router vendors do.
    /// </summary>
    public bool V3ChecksumAsV2 { get; init; }

    /// <summary>
    /// True when every virtual address is one of the interface's own static addresses (RFC 9568 "IPvX Address
    /// Owner"); the validator then requires priority 255.
    /// </summary>
    public bool AddressOwner { get; init; }

    public bool IsUnicast => UnicastPeers.Count > 0;
}

/// <summary>
/// keepalived's notify convention: <see cref="Any"/> gets INSTANCE NAME STATE PRIORITY appended; the per-state
/// programs run with only their own arguments.
/// </summary>
public sealed record NotifyPrograms
{
    public IReadOnlyList<string> Any { get; init => field = EquatableList.From(value); } = EquatableList<string>.Empty;

    public IReadOnlyList<string> Master { get; init => field = EquatableList.From(value); } = EquatableList<string>.Empty;

    public IReadOnlyList<string> Backup { get; init => field = EquatableList.From(value); } = EquatableList<string>.Empty;

    public IReadOnlyList<string> Fault { get; init => field = EquatableList.From(value); } = EquatableList<string>.Empty;

    public IReadOnlyList<string> Stop { get; init => field = EquatableList.From(value); } = EquatableList<string>.Empty;
}
