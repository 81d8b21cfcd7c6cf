using System.Net;
using System.Net.Sockets;
using Tmds.Linux;

namespace Appliance.Linux.Sockets;

/// <summary>
/// A listening TCP socket opened for another program (nginx) to accept on: non-blocking (the flag lives in the open
/// file that every copy shares, and nginx's workers must never block in accept), close-on-exec in this process (it
/// reaches a child only when handed over explicitly), SO_REUSEADDR as nginx sets it, IPV6_V6ONLY for IPv6 (as nginx's
/// <c>[::]:80</c> has it, so that it and <c>0.0.0.0:80</c> can both be bound) and, for a specific address, FREEBIND:
/// a VIP that is not on the box yet can be bound now and is served the moment it arrives.
/// </summary>
public static unsafe class TcpListenSocket
{
    private const int IP_FREEBIND = 15;
    private const int IPV6_FREEBIND = 78;
    private const int IPV6_V6ONLY = 26;

    public static SafeFd Open(IPAddress address, int port, int backlog)
    {
        var v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        var what = v6 ? $"[{address}]:{port}" : $"{address}:{port}";
        var fd = LibC.socket(v6 ? LibC.AF_INET6 : LibC.AF_INET, LibC.SOCK_STREAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0);
        if (fd == -1)
        {
            throw Interop.Failure($"socket for {what}");
        }

        var handle = SafeFd.Own(fd);
        try
        {
            SetOption(fd, LibC.SOL_SOCKET, LibC.SO_REUSEADDR, what);
            var wildcard = address.Equals(v6 ? IPAddress.IPv6Any : IPAddress.Any);
            if (v6)
            {
                SetOption(fd, LibC.IPPROTO_IPV6, IPV6_V6ONLY, what);
            }

            if (!wildcard)
            {
                SetOption(fd, v6 ? LibC.IPPROTO_IPV6 : LibC.IPPROTO_IP, v6 ? IPV6_FREEBIND : IP_FREEBIND, what);
            }

            int bound;
            if (v6)
            {
                var to = new sockaddr_in6 { sin6_family = LibC.AF_INET6, sin6_port = Port(port) };
                RawIpSocket.WriteAddress(address, to.sin6_addr.s6_addr, 16);
                bound = LibC.bind(fd, (sockaddr*)&to, (uint)sizeof(sockaddr_in6));
            }
            else
            {
                var to = new sockaddr_in { sin_family = LibC.AF_INET, sin_port = Port(port) };
                RawIpSocket.WriteAddress(address, to.sin_addr.s_addr, 4);
                bound = LibC.bind(fd, (sockaddr*)&to, (uint)sizeof(sockaddr_in));
            }

            if (bound == -1)
            {
                throw Interop.Failure($"bind {what}");
            }

            Relisten(handle, backlog, what);
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>listen(2) again: on a listening socket it only sets the accept queue's length, connections stay.</summary>
    public static void Relisten(SafeFd socket, int backlog, string what)
    {
        using var lease = socket.Borrow();
        if (LibC.listen(lease.Value, backlog) == -1)
        {
            throw Interop.Failure($"listen on {what}");
        }
    }

    /// <summary>The socket's inode: the same in every process that holds a copy (/proc/PID/fd shows it as socket:[N]).</summary>
    public static ulong Inode(SafeFd socket)
    {
        using var lease = socket.Borrow();
        stat st;
        return LibC.fstat(lease.Value, &st) == -1 ? throw Interop.Failure("fstat of a held socket") : st.st_ino;
    }

    internal static ushort Port(int port) => (ushort)IPAddress.HostToNetworkOrder((short)port);

    private static void SetOption(int fd, int level, int name, string what)
    {
        var one = 1;
        if (LibC.setsockopt(fd, level, name, &one, sizeof(int)) == -1)
        {
            throw Interop.Failure($"setsockopt({level}, {name}) for {what}");
        }
    }
}
