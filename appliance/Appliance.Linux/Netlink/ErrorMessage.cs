using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Appliance.Linux.Netlink;

/// <summary>Decodes NLMSG_ERROR: struct nlmsgerr (0 = acknowledgement), then extended-ack TLVs if flagged.</summary>
internal static class ErrorMessage
{
    private static readonly int ErrorSize = Unsafe.SizeOf<Interop.nlmsgerr>();

    /// <param name="errno">0 for an acknowledgement, else the (positive) errno the request failed with.</param>
    /// <param name="kernelMessage">NLMSGERR_ATTR_MSG, the kernel's own words on what was wrong, when sent.</param>
    public static bool TryParse(in NetlinkMessage message, out Errno errno, out string? kernelMessage, out NetlinkDecodeError error)
    {
        errno = Errno.None;
        kernelMessage = null;
        error = NetlinkDecodeError.None;
        var payload = message.Payload;
        if (payload.Length < ErrorSize)
        {
            error = NetlinkDecodeError.TruncatedError;
            return false;
        }

        var nlerr = MemoryMarshal.Read<Interop.nlmsgerr>(payload);
        errno = (Errno)(-nlerr.error);
        if (!message.HasFlag(Interop.NLM_F_ACK_TLVS))
        {
            return true;
        }

        // Without NLM_F_CAPPED the whole request is echoed back after the error code, before the TLVs.
        var echoed = message.HasFlag(Interop.NLM_F_CAPPED) ? 16 : (int)nlerr.msg.nlmsg_len;
        var tlvStart = 4 + Interop.NLMSG_ALIGN(echoed);
        if (echoed < 16 || tlvStart > payload.Length)
        {
            // The error code itself is sound; only the optional explanation is unreadable.
            return true;
        }

        var tlvs = new AttributeReader(payload[tlvStart..]);
        while (tlvs.TryRead(out var tlv, out _))
        {
            if (tlv.Type == Interop.NLMSGERR_ATTR_MSG)
            {
                kernelMessage = tlv.GetString();
            }
        }

        return true;
    }
}
