using System.Globalization;

namespace Appliance.Logging.Sinks;

/// <summary>
/// Whether standard error is systemd's journal. systemd sets <c>JOURNAL_STREAM=DEVICE:INODE</c> for a service whose
/// output it connects to journald (systemd.exec(5)), so that the service can tell that stream from a redirect; then
/// each line may start with a "&lt;N&gt;" syslog priority (sd-daemon(3)), which journald strips and keeps as the
/// entry's PRIORITY. journald's streams are sockets, and /proc names a socket "socket:[INODE]".
/// </summary>
internal static class JournalStream
{
    public static bool IsStandardError()
    {
        string? target;
        try
        {
            target = new FileInfo("/proc/self/fd/2").LinkTarget;
        }
        catch (IOException)
        {
            return false;
        }
        return Matches(Environment.GetEnvironmentVariable("JOURNAL_STREAM"), target);
    }

    /// <param name="journalStream">The variable as systemd sets it, "DEVICE:INODE" in decimal.</param>
    /// <param name="linkTarget">What /proc/self/fd/2 points to.</param>
    public static bool Matches(string? journalStream, string? linkTarget)
    {
        if (string.IsNullOrEmpty(journalStream) || string.IsNullOrEmpty(linkTarget))
        {
            return false;
        }
        int colon = journalStream.IndexOf(':');
        if (colon <= 0
            || !ulong.TryParse(journalStream.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out _)
            || !ulong.TryParse(journalStream.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ulong inode))
        {
            return false;
        }
        const string Socket = "socket:[";
        return linkTarget.StartsWith(Socket, StringComparison.Ordinal)
            && linkTarget.EndsWith(']')
            && ulong.TryParse(linkTarget.AsSpan(Socket.Length, linkTarget.Length - Socket.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out ulong socketInode)
            && socketInode == inode;
    }
}
