using System.Text;
using Tmds.Linux;

namespace Appliance.Linux.Sockets;

/// <summary>
/// A listening unix stream socket for the control protocol: non-blocking, close-on-exec, created with mode 0600 so
/// that only root talks to the supervisor (0660 and the group's when a group may read status). A stale socket file
/// from a crashed run is replaced. The server still checks every peer's credentials (<see cref="PeerOf"/>).
/// </summary>
public sealed unsafe class UnixStreamListener : IDisposable
{
    private UnixStreamListener(SafeFd handle, string path)
    {
        Handle = handle;
        Path = path;
    }

    public SafeFd Handle { get; }

    public string Path { get; }

    private const int SO_PEERCRED = 17;
    private const int SO_PEERGROUPS = 59;
    private const int MaxPeerGroups = 64;

    public static UnixStreamListener Listen(string path, int backlog = 16, uint? group = null)
    {
        var address = UnixClientSocket.Address(path);
        var fd = UnixClientSocket.Socket(path);
        var handle = SafeFd.Own(fd);
        try
        {
            File.Delete(path);

            // The umask decides the mode bind gives the file; make it 0600 before anyone can connect.
            var old = LibC.umask(0x3F);
            int bound;
            try
            {
                bound = LibC.bind(fd, (sockaddr*)&address, (uint)sizeof(sockaddr_un));
            }
            finally
            {
                LibC.umask(old);
            }

            if (bound == -1)
            {
                throw Interop.Failure($"bind {path}");
            }

            if (group is { } gid)
            {
                AllowGroup(path, gid);
            }

            if (LibC.listen(fd, backlog) == -1)
            {
                throw Interop.Failure($"listen on {path}");
            }

            return new UnixStreamListener(handle, path);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>root:GROUP and mode 0660, so that the group's members can connect (the server decides what they may ask).</summary>
    private static void AllowGroup(string path, uint gid)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* name = bytes)
        {
            if (LibC.chown(name, 0, gid) == -1)
            {
                throw Interop.Failure($"chown {path} to group {gid}");
            }
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
    }

    /// <summary>The next pending connection (non-blocking), or null when none waits.</summary>
    public SafeFd? Accept() => StreamConnection.Accept(Handle, Path);

    /// <summary>Reads what a connection sent: bytes read, 0 at end of stream, -1 when nothing is there now.</summary>
    public static int Read(SafeFd connection, Span<byte> buffer) => StreamConnection.Read(connection, buffer);

    /// <summary>Writes what the peer's socket buffer takes now: bytes written (0 when full), -1 when the peer is gone.</summary>
    public static int Write(SafeFd connection, ReadOnlySpan<byte> data) => StreamConnection.Write(connection, data);

    /// <summary>The peer's uid, gid and supplementary groups as the kernel recorded them at connect (SO_PEERCRED, SO_PEERGROUPS).</summary>
    public static PeerCredentials PeerOf(SafeFd connection)
    {
        using var lease = connection.Borrow();
        var credentials = default(UnixCredentials);
        var length = (socklen_t)(uint)sizeof(UnixCredentials);
        if (LibC.getsockopt(lease.Value, LibC.SOL_SOCKET, SO_PEERCRED, &credentials, &length) == -1)
        {
            throw Interop.Failure("getsockopt SO_PEERCRED");
        }

        var groups = stackalloc uint[MaxPeerGroups];
        var groupsLength = (socklen_t)(uint)(MaxPeerGroups * sizeof(uint));
        var supplementary = LibC.getsockopt(lease.Value, LibC.SOL_SOCKET, SO_PEERGROUPS, groups, &groupsLength) == -1
            ? []
            : new ReadOnlySpan<uint>(groups, (int)((uint)groupsLength / sizeof(uint))).ToArray();
        return new PeerCredentials(credentials.Pid, credentials.Uid, credentials.Gid, supplementary);
    }

    private struct UnixCredentials
    {
        public int Pid;
        public uint Uid;
        public uint Gid;
    }

    public void Dispose()
    {
        Handle.Dispose();
        File.Delete(Path);
    }
}

/// <summary>Who is at the other end of a unix socket, as the kernel says (not as the peer claims).</summary>
public sealed record PeerCredentials(int Pid, uint Uid, uint Gid, IReadOnlyList<uint> Groups)
{
    public bool IsRoot => Uid == 0;

    public bool IsInGroup(uint gid) => Gid == gid || Groups.Contains(gid);
}
