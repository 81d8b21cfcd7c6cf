using System.Runtime.InteropServices;

namespace Appliance.Config;

/// <summary>
/// A file descriptor that is closed exactly once. close(2) is not retried on EINTR: Linux has released the
/// descriptor by then, and a retry could close one that another thread just received.
/// </summary>
internal sealed class SafeFd() : SafeHandle(invalidHandleValue: -1, ownsHandle: true)
{
    public override bool IsInvalid => handle == -1;

    public int Fd => (int)handle;

    public static SafeFd FromFd(int fd)
    {
        var safe = new SafeFd();
        safe.SetHandle(fd);
        return safe;
    }

    protected override bool ReleaseHandle() => Interop.close((int)handle) == 0;
}
