using System.Net;
using System.Net.Sockets;
using Appliance.Vrrp.Receive;
using Appliance.Vrrp.Router;
using Appliance.Vrrp.Wire;

namespace Appliance.Vrrp.Tests.Router;

/// <summary>
/// A master and its backup in their steady state, on a virtual clock, through the same pieces the edge uses: the
/// master's timer fires, its advertisement is written into a buffer, the backup's receiver reads the bytes with the
/// addresses the socket would hand over, and both routers are asked for their next deadline. After a warm-up none of
/// it may allocate: at 10 ms adverts an allocation per packet is a garbage collection every few seconds.
/// </summary>
public sealed class SteadyStateAllocationTests
{
    private const int Cycles = 1000;

    [Theory]
    [InlineData(VrrpVersion.V3, false, false)]
    [InlineData(VrrpVersion.V3, true, false)]
    [InlineData(VrrpVersion.V2, false, false)]
    [InlineData(VrrpVersion.V3, false, true)]
    public void A_master_sending_and_a_backup_receiving_allocate_nothing_once_warm(VrrpVersion version, bool ipv6, bool unicast)
    {
        var family = ipv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        var masterAddress = IPAddress.Parse(ipv6 ? "fe80::11" : "192.0.2.11");
        var backupAddress = IPAddress.Parse(ipv6 ? "fe80::12" : "192.0.2.12");
        var vip = new VirtualAddress(IPAddress.Parse(ipv6 ? "2001:db8::10" : "192.0.2.10"), ipv6 ? 64 : 24);
        var interval = TimeSpan.FromMilliseconds(version == VrrpVersion.V2 ? 1000 : 10);
        VirtualRouterOptions Options(byte priority, IPAddress primary) => new()
        {
            Name = "web",
            VirtualRouterId = 51,
            Priority = priority,
            Version = version,
            AdvertisementInterval = interval,
            PrimaryAddress = primary,
            VirtualAddresses = [vip],
            // A weighted tracked object, as nginx is tracked: the effective priority is computed with every packet.
            Track = [TrackedObject.WeightWhenDown("nginx", -60)],
        };

        var master = new VirtualRouter(Options(150, masterAddress));
        var backup = new VirtualRouter(Options(100, backupAddress));
        var receiver = new AdvertisementReceiver(family);
        receiver.Add(backup, unicast ? new ReceivePolicy { UnicastPeers = [masterAddress] } : ReceivePolicy.Multicast);
        var destination = unicast ? backupAddress : ipv6 ? VrrpProtocol.MulticastGroupV6 : VrrpProtocol.MulticastGroupV4;

        // What the socket does: addresses from the bytes of each packet, through its interner.
        var interner = new AddressInterner();
        var sourceBytes = masterAddress.GetAddressBytes();
        var destinationBytes = destination.GetAddressBytes();
        var buffer = new byte[AdvertisementWriter.MaxMessageLength + 8];

        var now = TimeSpan.FromSeconds(100);
        master.Handle(now, RouterEvent.Start);
        backup.Handle(now, RouterEvent.Start);
        Drain(master);
        Drain(backup);
        now += master.MasterDownInterval;
        master.Handle(now, RouterEvent.Timer);
        Assert.Equal(VirtualRouterState.Master, master.State);
        Drain(master); // the takeover's own actions: addresses, announcements, the first advertisement

        long sent = 0;
        void Cycle()
        {
            now = master.NextDeadline!.Value;
            master.Handle(now, RouterEvent.Timer);
            while (master.TryDequeueAction(out var action))
            {
                if (action is RouterAction.SendAdvertisement send)
                {
                    var length = AdvertisementWriter.Write(send.Advertisement, masterAddress, destination, ChecksumMode.Standard, buffer);
                    var metadata = new PacketMetadata(interner.Intern(sourceBytes), interner.Intern(destinationBytes), VrrpProtocol.HopLimit);
                    var outcome = receiver.Receive(now + TimeSpan.FromMilliseconds(1), buffer.AsSpan(0, length), metadata);
                    if (outcome.Router is null)
                    {
                        throw new InvalidOperationException($"the backup dropped the advertisement: {outcome.Dropped}");
                    }

                    sent++;
                }
            }

            while (backup.TryDequeueAction(out _))
            {
            }

            _ = backup.NextDeadline;
        }

        for (var i = 0; i < 50; i++)
        {
            Cycle();
        }

        // Warm: the takeover's announcements are over, every timer left is the advertisement's.
        sent = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Cycles; i++)
        {
            Cycle();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(Cycles, sent);
        Assert.Equal(VirtualRouterState.Master, master.State);
        Assert.Equal(VirtualRouterState.Backup, backup.State);
        Assert.Equal(masterAddress, backup.MasterAddress);
        Assert.True(allocated == 0, $"{allocated} bytes allocated over {Cycles} advertisements sent and received ({allocated / (double)Cycles:0.#} per cycle)");
    }

    private static void Drain(VirtualRouter router)
    {
        while (router.TryDequeueAction(out _))
        {
        }
    }
}
