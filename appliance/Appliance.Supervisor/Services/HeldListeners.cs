using Appliance.Config;
using Appliance.Linux;
using Appliance.Linux.Sockets;

namespace Appliance.Supervisor.Services;

/// <summary>
/// The listening sockets the supervisor holds for nginx. nginx receives copies as descriptors 3, 4, ... with
/// <c>NGINX=3;4;...;</c> (the variable of its own binary upgrade; each number ends with ';') and adopts those whose
/// address matches one of its <c>listen</c> directives. Our copies outlive every nginx: when nginx dies the sockets
/// stay, and new connections wait in their accept queues until the next nginx accepts them.
/// </summary>
internal sealed class HeldListeners : IDisposable
{
    /// <summary>nginx's variable for inherited listening sockets (src/core/nginx.c, ngx_add_inherited_sockets).</summary>
    public const string Variable = "NGINX";

    private readonly Dictionary<NginxListen, SafeFd> _sockets = [];
    private List<NginxListen> _handed = [];

    public int Backlog { get; private set; }

    /// <summary>The sockets nginx receives, in order (descriptor 3 first).</summary>
    public IReadOnlyList<NginxListen> Handed => _handed;

    public IReadOnlyList<SafeFd> Descriptors => [.. _handed.Select(l => _sockets[l])];

    /// <summary>The value of <see cref="Variable"/> for a child that gets <see cref="Descriptors"/> as 3, 4, ...</summary>
    public string VariableValue => string.Concat(Enumerable.Range(3, _handed.Count).Select(fd => $"{fd};"));

    /// <summary>Opens what is not held yet (with <paramref name="backlog"/>); throws on the first that fails, keeping the rest.</summary>
    public void Open(IEnumerable<NginxListen> listens, int backlog)
    {
        foreach (var listen in listens.Where(l => !_sockets.ContainsKey(l)))
        {
            _sockets[listen] = TcpListenSocket.Open(listen.Address, listen.Port, backlog);
        }
    }

    /// <summary>Sets the queue length of every held socket (listen(2) again; queued connections stay).</summary>
    public void Relisten(int backlog)
    {
        foreach (var (listen, fd) in _sockets)
        {
            TcpListenSocket.Relisten(fd, backlog, listen.ToString());
        }

        Backlog = backlog;
    }

    /// <summary>From now on nginx receives these (all open), in this order.</summary>
    public void Hand(IReadOnlyList<NginxListen> listens, int backlog)
    {
        _handed = [.. listens.Where(_sockets.ContainsKey)];
        Backlog = backlog;
    }

    public void Close(IEnumerable<NginxListen> listens)
    {
        foreach (var listen in listens.ToArray())
        {
            if (_sockets.Remove(listen, out var fd))
            {
                fd.Dispose();
            }

            _handed.Remove(listen);
        }
    }

    /// <summary>
    /// The handed sockets that the nginx master <paramref name="pid"/> does not hold: nginx closes an inherited socket
    /// that none of its <c>listen</c> directives matches, and connections to it then wait for nobody.
    /// </summary>
    public IReadOnlyList<NginxListen> NotAdoptedBy(int pid)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Take(65536))
            {
                if (new FileInfo(entry).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return []; // nginx is gone already: its exit is handled elsewhere
        }

        return [.. _handed.Where(l => !inodes.Contains($"socket:[{TcpListenSocket.Inode(_sockets[l])}]"))];
    }

    public void Dispose() => Close([.. _sockets.Keys]);
}
