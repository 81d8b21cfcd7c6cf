using System.Net;
using System.Net.Sockets;
using Tmds.Linux;

namespace Appliance.Linux.Sockets;

/// <summary>
/// A non-blocking outgoing TCP connection for an event loop: connect returns at once (EINPROGRESS), the loop
/// watches the descriptor for writability, <see cref="ConnectError"/> says how the connect ended, and sends and
/// receives never wait. No thread of the pool is involved, so a probe cannot queue behind other work.
/// </summary>
public sealed unsafe class TcpConnection : IDisposable
{
    private TcpConnection(SafeFd fd, bool connected)
    {
        Fd = fd;
        Connected = connected;
    }

    public SafeFd Fd { get; }

    /// <summary>True when connect completed at once (a loopback peer can); otherwise wait for writability.</summary>
    public bool Connected { get; }

    /// <summary>Starts a connect; a failure that is known at once (no route, refused on loopback) throws.</summary>
    public static TcpConnection Start(IPEndPoint endpoint)
    {
        var v6 = endpoint.AddressFamily == AddressFamily.InterNetworkV6;
        var fd = LibC.socket(v6 ? LibC.AF_INET6 : LibC.AF_INET, LibC.SOCK_STREAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0);
        if (fd == -1)
        {
            throw Interop.Failure($"socket for {endpoint}");
        }

        var handle = SafeFd.Own(fd);
        var port = (ushort)IPAddress.HostToNetworkOrder((short)endpoint.Port);
        int result;
        if (v6)
        {
            var to = new sockaddr_in6 { sin6_family = LibC.AF_INET6, sin6_port = port, sin6_scope_id = (uint)endpoint.Address.ScopeId };
            VrrpSocket.WriteAddress(endpoint.Address, to.sin6_addr.s6_addr, 16);
            result = LibC.connect(fd, (sockaddr*)&to, (uint)sizeof(sockaddr_in6));
        }
        else
        {
            var to = new sockaddr_in { sin_family = LibC.AF_INET, sin_port = port };
            VrrpSocket.WriteAddress(endpoint.Address, to.sin_addr.s_addr, 4);
            result = LibC.connect(fd, (sockaddr*)&to, (uint)sizeof(sockaddr_in));
        }

        if (result == 0)
        {
            return new TcpConnection(handle, connected: true);
        }

        var errno = Interop.LastErrno;
        if (errno == Errno.EINPROGRESS)
        {
            return new TcpConnection(handle, connected: false);
        }

        handle.Dispose();
        throw new SystemCallException(errno, $"connect to {endpoint}");
    }

    /// <summary>After writability: <see cref="Errno.None"/> when connected, else why the connect failed (SO_ERROR).</summary>
    public Errno ConnectError()
    {
        using var lease = Fd.Borrow();
        int error;
        socklen_t length = (uint)sizeof(int);
        return LibC.getsockopt(lease.Value, LibC.SOL_SOCKET, LibC.SO_ERROR, &error, &length) == -1 ? Interop.LastErrno : (Errno)error;
    }

    /// <summary>Bytes sent, 0 when the socket buffer is full (EAGAIN); an error throws.</summary>
    public int Send(ReadOnlySpan<byte> data)
    {
        using var lease = Fd.Borrow();
        fixed (byte* p = data)
        {
            var sent = LibC.send(lease.Value, p, data.Length, LibC.MSG_NOSIGNAL);
            if (sent >= 0)
            {
                return (int)sent;
            }

            return Interop.LastErrno is Errno.EAGAIN or Errno.EINTR ? 0 : throw Interop.Failure("send");
        }
    }

    /// <summary>Bytes received; 0 at the end of the stream; -1 when nothing is there yet (EAGAIN); an error throws.</summary>
    public int Receive(Span<byte> buffer)
    {
        using var lease = Fd.Borrow();
        fixed (byte* p = buffer)
        {
            var read = LibC.recv(lease.Value, p, buffer.Length, 0);
            if (read >= 0)
            {
                return (int)read;
            }

            return Interop.LastErrno is Errno.EAGAIN or Errno.EINTR ? -1 : throw Interop.Failure("recv");
        }
    }

    public void Dispose() => Fd.Dispose();
}
