using System.Net;
using System.Net.Sockets;
using Tmds.Linux;

namespace Appliance.Linux.Sockets;

/// <summary>
/// A non-blocking TCP connection for a client that runs on the event loop (the nginx health probe): connect returns
/// at once, the loop says when the connection is made (writable) and when an answer is there (readable), and no
/// call here ever waits. Failures are <see cref="Errno"/> values, not exceptions: a refused or reset connection is
/// an answer for a probe.
/// </summary>
public static unsafe class TcpClientSocket
{
    /// <summary>Starts connecting; <paramref name="connected"/> is true when the kernel finished at once.</summary>
    /// <returns>The socket, or null with <paramref name="error"/> when the connection failed at once.</returns>
    public static SafeFd? Connect(IPEndPoint endpoint, out bool connected, out Errno error)
    {
        var v6 = endpoint.AddressFamily == AddressFamily.InterNetworkV6;
        var fd = LibC.socket(v6 ? LibC.AF_INET6 : LibC.AF_INET, LibC.SOCK_STREAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0);
        if (fd == -1)
        {
            throw Interop.Failure($"socket for {endpoint}");
        }

        // No TCP_NODELAY: the client sends one small request and nothing after it, which Nagle never holds back.
        var handle = SafeFd.Own(fd);
        int result;
        do
        {
            if (v6)
            {
                var to = new sockaddr_in6 { sin6_family = LibC.AF_INET6, sin6_port = TcpListenSocket.Port(endpoint.Port), sin6_scope_id = (uint)endpoint.Address.ScopeId };
                RawIpSocket.WriteAddress(endpoint.Address, to.sin6_addr.s6_addr, 16);
                result = LibC.connect(fd, (sockaddr*)&to, (uint)sizeof(sockaddr_in6));
            }
            else
            {
                var to = new sockaddr_in { sin_family = LibC.AF_INET, sin_port = TcpListenSocket.Port(endpoint.Port) };
                RawIpSocket.WriteAddress(endpoint.Address, to.sin_addr.s_addr, 4);
                result = LibC.connect(fd, (sockaddr*)&to, (uint)sizeof(sockaddr_in));
            }
        }
        while (Interop.Interrupted(result));

        connected = result == 0;
        error = result == -1 ? Interop.LastErrno : 0;
        if (result == -1 && error != Errno.EINPROGRESS)
        {
            handle.Dispose();
            return null;
        }

        error = 0;
        return handle;
    }

    /// <summary>After the loop reported the connecting socket writable: 0 when connected, else why not (SO_ERROR).</summary>
    public static Errno ConnectResult(SafeFd socket)
    {
        using var lease = socket.Borrow();
        int error = 0;
        socklen_t length = (uint)sizeof(int);
        return LibC.getsockopt(lease.Value, LibC.SOL_SOCKET, LibC.SO_ERROR, &error, &length) == -1 ? Interop.LastErrno : (Errno)error;
    }

    /// <summary>Sends what the socket takes now: the count, or -1 with <paramref name="error"/> (EAGAIN: nothing fits).</summary>
    public static int Send(SafeFd socket, ReadOnlySpan<byte> data, out Errno error)
    {
        using var lease = socket.Borrow();
        long sent;
        fixed (byte* bytes = data)
        {
            do
            {
                sent = LibC.send(lease.Value, bytes, data.Length, LibC.MSG_NOSIGNAL);
            }
            while (Interop.Interrupted(sent));
        }

        error = sent == -1 ? Interop.LastErrno : 0;
        return (int)sent;
    }

    /// <summary>Reads what is queued: the count (0: the peer closed), or -1 with <paramref name="error"/> (EAGAIN: nothing yet).</summary>
    public static int Receive(SafeFd socket, Span<byte> buffer, out Errno error)
    {
        using var lease = socket.Borrow();
        long read;
        fixed (byte* bytes = buffer)
        {
            do
            {
                read = LibC.recv(lease.Value, bytes, buffer.Length, 0);
            }
            while (Interop.Interrupted(read));
        }

        error = read == -1 ? Interop.LastErrno : 0;
        return (int)read;
    }
}
