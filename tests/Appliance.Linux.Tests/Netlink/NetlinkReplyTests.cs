using System.Runtime.InteropServices;
using Appliance.Linux.Netlink;
using static Appliance.Linux.Tests.Captures;

namespace Appliance.Linux.Tests.Netlink;

/// <summary>Following replies across datagrams, with the kernel's own messages (TestData/kernel-messages.txt).</summary>
public sealed class NetlinkReplyTests
{
    // Sequence numbers and port id of the capture: link dump 100, address dump 101, requests 102..105.
    private const uint PortId = 0x4a9c;

    [Fact]
    public void Acknowledgement_completes_a_request_without_error()
    {
        var reply = new NetlinkReply(105, PortId, ReplyKind.Acknowledgement, handler: null);

        reply.Consume(KernelMessages["ack"]);

        Assert.True(reply.IsComplete);
        Assert.Equal(Errno.None, reply.Error);
    }

    [Theory]
    [InlineData("error-eexist", 102, Errno.EEXIST, null)]
    [InlineData("error-eexist-capped", 103, Errno.EEXIST, "ipv4: Address already assigned")]
    [InlineData("error-einval-extack", 104, Errno.EINVAL, "ipv4: Invalid prefix length")]
    public void Nlmsg_error_carries_the_errno_and_the_kernels_explanation(string capture, uint sequence, Errno errno, string? text)
    {
        var reply = new NetlinkReply(sequence, PortId, ReplyKind.Acknowledgement, handler: null);

        reply.Consume(KernelMessages[capture]);

        Assert.True(reply.IsComplete);
        Assert.Equal((errno, text), (reply.Error, reply.KernelMessage));
    }

    [Fact]
    public void Multipart_dump_spans_datagrams_until_nlmsg_done()
    {
        var links = new LinkCollector();
        var reply = new NetlinkReply(100, PortId, ReplyKind.Dump, links);

        reply.Consume([.. KernelMessages["link-lo"], .. KernelMessages["link-veth1"]]);
        Assert.False(reply.IsComplete);
        reply.Consume([.. KernelMessages["link-veth0"], .. KernelMessages["link-mv0"]]);
        Assert.False(reply.IsComplete);
        reply.Consume(KernelMessages["done"]);

        Assert.True(reply.IsComplete);
        Assert.Equal(Errno.None, reply.Error);
        Assert.False(reply.DumpInterrupted);
        Assert.Equal(["lo", "veth1", "veth0", "mv0"], links.Links.Select(l => l.Name));
    }

    [Fact]
    public void Dump_flagged_nlm_f_dump_intr_is_reported_as_interrupted()
    {
        var veth0 = KernelMessages["link-veth0"].ToArray();
        SetFlags(veth0, (ushort)(Interop.NLM_F_MULTI | Interop.NLM_F_DUMP_INTR));
        var reply = new NetlinkReply(100, PortId, ReplyKind.Dump, new LinkCollector());

        reply.Consume([.. KernelMessages["link-lo"], .. veth0, .. KernelMessages["done"]]);

        Assert.True(reply.IsComplete);
        Assert.True(reply.DumpInterrupted);
    }

    [Fact]
    public void Dump_that_fails_half_way_reports_the_errno_from_nlmsg_done()
    {
        // NLMSG_DONE with -ENOMEM (-12) as its payload.
        var reply = new NetlinkReply(100, PortId, ReplyKind.Dump, new LinkCollector());

        reply.Consume(Hex("14000000 0300 0200 64000000 9c4a0000 f4ffffff"));

        Assert.True(reply.IsComplete);
        Assert.Equal(Errno.ENOMEM, reply.Error);
    }

    [Fact]
    public void Messages_of_other_requests_and_noops_are_skipped()
    {
        var reply = new NetlinkReply(105, PortId, ReplyKind.Acknowledgement, handler: null);

        // A late error for request 102 (another sequence number), a NOOP, an error for another port, then our ack.
        var otherPort = KernelMessages["error-eexist"].ToArray();
        MemoryMarshal.Write(otherPort.AsSpan(8), 105u);
        MemoryMarshal.Write(otherPort.AsSpan(12), PortId + 1);
        reply.Consume([
            .. KernelMessages["error-eexist"],
            .. Hex("10000000 0100 0000 69000000 9c4a0000"),
            .. otherPort,
            .. KernelMessages["ack"]]);

        Assert.True(reply.IsComplete);
        Assert.Equal(Errno.None, reply.Error);
        Assert.Equal(2, reply.SkippedMessages);
    }

    [Fact]
    public void Single_get_completes_with_its_one_answer()
    {
        var links = new LinkCollector();
        var reply = new NetlinkReply(100, PortId, ReplyKind.Single, links);

        reply.Consume(KernelMessages["link-veth0"]);

        Assert.True(reply.IsComplete);
        Assert.Equal("veth0", Assert.Single(links.Links).Name);
    }

    [Fact]
    public void Malformed_datagram_fails_the_reply_with_the_reason()
    {
        var reply = new NetlinkReply(100, PortId, ReplyKind.Dump, new LinkCollector());
        var truncated = KernelMessages["link-veth0"][..40];

        reply.Consume(truncated);

        Assert.True(reply.IsComplete);
        Assert.Equal(NetlinkDecodeError.LengthBeyondBuffer, reply.DecodeError);
    }

    [Fact]
    public void Malformed_entry_in_a_dump_fails_the_reply_with_the_reason()
    {
        // An RTM_NEWLINK of our dump whose ifinfomsg is cut short.
        var reply = new NetlinkReply(100, PortId, ReplyKind.Dump, new LinkCollector());

        reply.Consume(Hex("18000000 1000 0200 64000000 9c4a0000 00000100 03000000"));

        Assert.True(reply.IsComplete);
        Assert.Equal(NetlinkDecodeError.TruncatedFamilyHeader, reply.DecodeError);
    }

    [Fact]
    public void Truncated_nlmsg_error_is_a_decode_error_not_a_success()
    {
        var reply = new NetlinkReply(105, PortId, ReplyKind.Acknowledgement, handler: null);

        reply.Consume(Hex("14000000 0200 0000 69000000 9c4a0000 efffffff"));

        Assert.True(reply.IsComplete);
        Assert.Equal(NetlinkDecodeError.TruncatedError, reply.DecodeError);
    }

    private static void SetFlags(byte[] message, ushort flags) => MemoryMarshal.Write(message.AsSpan(6), flags);
}
