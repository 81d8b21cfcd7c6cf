using System.Net.Sockets;
using Appliance.Linux.Events;
using Appliance.Linux.Sockets;
using Appliance.Vrrp.Receive;
using Appliance.Vrrp.Router;
using Appliance.Vrrp.Wire;
using Serilog;

namespace Appliance.Supervisor.Vrrp;

/// <summary>
/// The receive side of one interface and address family: one raw socket, shared by every instance there, and the
/// core's receiver that sorts packets to instances by VRID and counts what it drops.
/// </summary>
internal sealed class VrrpEndpoint : IDisposable
{
    private readonly EventLoop _loop;
    private readonly ILogger _log;
    private readonly byte[] _buffer = new byte[9216];
    private readonly Dictionary<byte, VrrpInstance> _instances = [];

    public VrrpEndpoint(EventLoop loop, ILogger log, string interfaceName, int interfaceIndex, AddressFamily family, bool joinGroup)
    {
        _loop = loop;
        _log = log;
        InterfaceName = interfaceName;
        InterfaceIndex = interfaceIndex;
        Family = family;
        JoinedGroup = joinGroup;
        Socket = VrrpSocket.Open(interfaceName, interfaceIndex, family, joinGroup);
        Receiver = new AdvertisementReceiver(family);
        loop.Register(Socket.Handle, OnReadable);
    }

    public string InterfaceName { get; }

    public int InterfaceIndex { get; }

    public AddressFamily Family { get; }

    public bool JoinedGroup { get; }

    public VrrpSocket Socket { get; }

    public AdvertisementReceiver Receiver { get; }

    public bool IsEmpty => _instances.Count == 0;

    public void Add(VirtualRouter router, VrrpInstance instance, ReceivePolicy policy)
    {
        Receiver.Add(router, policy);
        _instances[router.VirtualRouterId] = instance;
    }

    public void Remove(byte vrid)
    {
        if (_instances.Remove(vrid))
        {
            Receiver.Remove(vrid);
        }
    }

    private void OnReadable()
    {
        // One datagram per readiness: the socket is level-triggered, so a second one queued behind it brings the loop
        // straight back, and the steady case (one advertisement per wake-up) costs one recvmsg, not a second that
        // only says EAGAIN.
        if (!Socket.TryReceive(_buffer, out var range, out var metadata, out var error))
        {
            return;
        }

        if (error is { } invalid)
        {
            Receiver.UnattributedDrops.Count(invalid);
            _log.Debug("{Interface}: dropped a packet: {Reason}", InterfaceName, invalid.Message);
            return;
        }

        var outcome = Receiver.Receive(EventLoop.Now, _buffer.AsSpan(range), metadata);
        if (outcome.Dropped is { } dropped)
        {
            _log.Debug("{Interface}: dropped a packet from {Source}: {Reason}", InterfaceName, metadata.Source, dropped.Message);
            return;
        }

        if (outcome.Router is { } router && _instances.TryGetValue(router.VirtualRouterId, out var instance))
        {
            instance.AfterEvent();
        }
    }

    public void Dispose()
    {
        _loop.Unregister(Socket.Handle);
        Socket.Dispose();
    }

    public override string ToString() => $"{InterfaceName}/{(Family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4")}";
}
