using System.Text;
using Tmds.Linux;

namespace Appliance.Linux.Host;

/// <summary>
/// sd_notify(3) without libsystemd: one AF_UNIX datagram of <c>KEY=VALUE</c> lines to the socket in
/// <c>NOTIFY_SOCKET</c> (a path, or an abstract name written with a leading '@'). Under a unit with
/// <c>Type=notify</c> systemd waits for <c>READY=1</c>, shows <c>STATUS=</c> in <c>systemctl status</c>, and with
/// <c>WatchdogSec=</c> restarts a service whose <c>WATCHDOG=1</c> stops coming. Best effort by design: the service
/// manager being away must never stop the supervisor, so a failed send is only counted.
/// </summary>
public sealed unsafe class ServiceManagerNotifier : IDisposable
{
    private readonly SafeFd _socket;
    private readonly sockaddr_un _address;
    private readonly uint _addressLength;

    private ServiceManagerNotifier(SafeFd socket, sockaddr_un address, uint addressLength, TimeSpan? watchdogInterval)
    {
        _socket = socket;
        _address = address;
        _addressLength = addressLength;
        WatchdogInterval = watchdogInterval;
    }

    /// <summary>How often systemd expects <c>WATCHDOG=1</c> (<c>WATCHDOG_USEC</c>), when it asks for it from this process.</summary>
    public TimeSpan? WatchdogInterval { get; }

    public long SendFailures { get; private set; }

    /// <summary>The notifier for this process's environment, or null when no service manager asked for notifications.</summary>
    public static ServiceManagerNotifier? FromEnvironment(Func<string, string?> environment, int pid)
    {
        var path = environment("NOTIFY_SOCKET");
        if (string.IsNullOrEmpty(path) || (path[0] != '/' && path[0] != '@'))
        {
            return null;
        }

        var bytes = Encoding.UTF8.GetBytes(path);
        if (bytes.Length >= 108)
        {
            return null;
        }

        var address = new sockaddr_un { sun_family = LibC.AF_UNIX };
        for (var i = 0; i < bytes.Length; i++)
        {
            address.sun_path[i] = bytes[i];
        }

        if (path[0] == '@')
        {
            address.sun_path[0] = 0; // an abstract socket: the name starts with a NUL byte, not '@'
        }

        var fd = LibC.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0);
        if (fd == -1)
        {
            return null;
        }

        var length = (uint)(sizeof(ushort) + bytes.Length);
        return new ServiceManagerNotifier(SafeFd.Own(fd), address, length, WatchdogFor(environment, pid));
    }

    /// <summary>
    /// <c>WATCHDOG_USEC</c> applies to this process only when <c>WATCHDOG_PID</c> is absent or names it (sd_watchdog_enabled(3)).
    /// </summary>
    public static TimeSpan? WatchdogFor(Func<string, string?> environment, int pid)
    {
        if (!ulong.TryParse(environment("WATCHDOG_USEC"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var usec) || usec == 0)
        {
            return null;
        }

        var owner = environment("WATCHDOG_PID");
        if (!string.IsNullOrEmpty(owner) && owner != pid.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return null;
        }

        return TimeSpan.FromMicroseconds(usec);
    }

    /// <summary>The datagram for a set of fields: one <c>KEY=VALUE</c> line each; a value's newlines become spaces.</summary>
    public static byte[] Message(params (string Key, string Value)[] fields) =>
        Encoding.UTF8.GetBytes(string.Concat(fields.Select(f => $"{f.Key}={f.Value.Replace('\n', ' ')}\n")));

    public void Send(params (string Key, string Value)[] fields)
    {
        var message = Message(fields);
        using var lease = _socket.Borrow();
        var address = _address;
        long sent;
        fixed (byte* bytes = message)
        {
            do
            {
                sent = LibC.sendto(lease.Value, bytes, message.Length, LibC.MSG_NOSIGNAL, (sockaddr*)&address, _addressLength);
            }
            while (Interop.Interrupted(sent));
        }

        if (sent == -1)
        {
            SendFailures++;
        }
    }

    public void Dispose() => _socket.Dispose();
}
