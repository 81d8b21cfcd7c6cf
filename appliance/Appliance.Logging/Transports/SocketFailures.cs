using System.Net.Sockets;
using Appliance.Logging.Sinks;

namespace Appliance.Logging.Transports;

internal static class SocketFailures
{
    public static SendOutcome Classify(SocketError error) => error switch
    {
        // SO_SNDTIMEO expired (a unix peer that stopped reading) or the kernel is short of buffers.
        SocketError.TimedOut or SocketError.WouldBlock or SocketError.NoBufferSpaceAvailable => SendOutcome.Busy,
        SocketError.MessageSize or SocketError.InvalidArgument or SocketError.Fault => SendOutcome.Rejected,
        // ECONNREFUSED, ENOTCONN, ENOENT, ENETUNREACH, EHOSTUNREACH, EACCES/EPERM (a firewall), ...: the message
        // is kept and the connection reopened, with back-off, so an unknown errno costs time, not events.
        _ => SendOutcome.Down,
    };

    /// <summary>.NET reports ENOENT from connect() on a unix socket as AddressNotAvailable ("Cannot assign requested address").</summary>
    public static string DescribeUnix(SocketException exception) => exception.SocketErrorCode switch
    {
        SocketError.AddressNotAvailable => "no socket at that path (ENOENT)",
        SocketError.ConnectionRefused => "nobody reads that socket (ECONNREFUSED)",
        SocketError.NotConnected => "the reader went away (ENOTCONN)",
        SocketError.TimedOut => "the reader is not reading (send timed out)",
        _ => $"{exception.Message} ({exception.SocketErrorCode})",
    };

    public static string Describe(SocketException exception) => $"{exception.Message} ({exception.SocketErrorCode})";
}
