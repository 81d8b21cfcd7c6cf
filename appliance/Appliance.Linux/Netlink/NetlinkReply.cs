using System.Runtime.InteropServices;

namespace Appliance.Linux.Netlink;

/// <summary>
/// Follows the reply to one request across datagrams, without touching a socket: feed it what recv returned
/// until <see cref="IsComplete"/>. Messages of other requests (an earlier one that timed out, a stray sender)
/// are told apart by sequence number and port id and skipped.
/// </summary>
internal sealed class NetlinkReply
{
    private readonly uint _sequence;
    private readonly uint _portId;
    private readonly ReplyKind _kind;
    private readonly IReplyHandler? _handler;

    public NetlinkReply(uint sequence, uint portId, ReplyKind kind, IReplyHandler? handler)
    {
        _sequence = sequence;
        _portId = portId;
        _kind = kind;
        _handler = handler;
    }

    public bool IsComplete { get; private set; }

    /// <summary>The errno the kernel answered with; None for success.</summary>
    public Errno Error { get; private set; }

    /// <summary>The kernel's extended-ack explanation of <see cref="Error"/>, when it sent one.</summary>
    public string? KernelMessage { get; private set; }

    /// <summary>NLM_F_DUMP_INTR was seen: the dump may be inconsistent and must be made again.</summary>
    public bool DumpInterrupted { get; private set; }

    /// <summary>Why the reply could not be read; fails the request.</summary>
    public NetlinkDecodeError DecodeError { get; private set; }

    /// <summary>Messages that belonged to no request of ours.</summary>
    public int SkippedMessages { get; private set; }

    public void Consume(ReadOnlySpan<byte> datagram)
    {
        var reader = new NetlinkReader(datagram);
        while (!IsComplete)
        {
            if (!reader.TryRead(out var message, out var error))
            {
                if (error != NetlinkDecodeError.None)
                {
                    Fail(error);
                }

                return;
            }

            Consume(message);
        }
    }

    private void Consume(in NetlinkMessage message)
    {
        if (message.Sequence != _sequence || message.PortId != _portId)
        {
            SkippedMessages++;
            return;
        }

        if (message.HasFlag(Interop.NLM_F_DUMP_INTR))
        {
            DumpInterrupted = true;
        }

        switch (message.Type)
        {
            case Interop.NLMSG_NOOP:
                return;
            case Interop.NLMSG_ERROR:
                if (!ErrorMessage.TryParse(message, out var errno, out var text, out var error))
                {
                    Fail(error);
                    return;
                }

                Error = errno;
                KernelMessage = text;
                IsComplete = true;
                return;
            case Interop.NLMSG_DONE:
                // A dump that failed half-way ends with DONE carrying a negative errno (older kernels: no payload).
                if (message.Payload.Length >= 4)
                {
                    Error = (Errno)(-MemoryMarshal.Read<int>(message.Payload));
                }

                IsComplete = true;
                return;
            case Interop.NLMSG_OVERRUN:
                Fail(NetlinkDecodeError.Overrun);
                return;
        }

        if (message.Type < Interop.NLMSG_MIN_TYPE)
        {
            // A control type we do not know is no data of ours.
            SkippedMessages++;
            return;
        }

        var handled = _handler?.Handle(message) ?? NetlinkDecodeError.None;
        if (handled != NetlinkDecodeError.None)
        {
            Fail(handled);
            return;
        }

        if (_kind == ReplyKind.Single)
        {
            IsComplete = true;
        }
    }

    private void Fail(NetlinkDecodeError error)
    {
        DecodeError = error;
        IsComplete = true;
    }
}
