using System.Runtime.InteropServices;
using Tmds.Linux;

namespace Appliance.Linux;

/// <summary>
/// A file descriptor that is closed exactly once, even when the owner forgets to dispose it.
/// Borrow the raw number for a call with <see cref="Borrow"/> so that a concurrent Dispose cannot close (and the
/// kernel reuse) the number while the call is using it.
/// </summary>
/// <remarks>
/// close(2) quirks, one by one (compare dotnet/runtime's SafeSocketHandle.Unix.cs):
/// <list type="bullet">
/// <item>EINTR: on Linux the descriptor is released before close returns EINTR. Retrying would close a number
/// some other thread may just have been given, so close is never retried.</item>
/// <item>EIO (and ENOSPC/EDQUOT on some file systems): the descriptor is still released; the error is about
/// data written earlier. The descriptors we hold (sockets, timerfd, signalfd, pidfd, eventfd) have none.</item>
/// <item>EBADF: the number was not open, i.e. it was closed twice or never ours: a bug, reported as a failed
/// release (the runtime then raises a ReleaseHandleFailed MDA in debug builds) rather than thrown.</item>
/// <item>Closing a descriptor that is registered in an epoll set removes it from the set only when no other
/// descriptor refers to the same open file (dup, fork): deregister first when that can happen.</item>
/// </list>
/// </remarks>
public sealed class SafeFd : SafeHandle
{
    /// <summary>For the marshaller and for <see cref="Own"/>; an invalid descriptor.</summary>
    public SafeFd()
        : base(invalidHandleValue: -1, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle < 0;

    /// <summary>Takes ownership of a descriptor a libc call just returned.</summary>
    public static SafeFd Own(int fd)
    {
        var safe = new SafeFd();
        safe.SetHandle(fd);
        return safe;
    }

    /// <summary>The raw number; valid only while this handle is alive. Prefer <see cref="Borrow"/>.</summary>
    public int Value => (int)handle;

    /// <summary>Keeps the descriptor open for the duration of a call: <c>using var fd = _fd.Borrow();</c>.</summary>
    public Lease Borrow() => new(this);

    protected override bool ReleaseHandle() =>
        // Not retried on EINTR, see the remarks.
        LibC.close((int)handle) == 0 || Interop.LastErrno != Errno.EBADF;

    /// <summary>Holds a reference on the handle so the number cannot be closed and reused mid-call.</summary>
    public readonly ref struct Lease
    {
        private readonly SafeFd _owner;

        internal Lease(SafeFd owner)
        {
            var added = false;
            // Throws ObjectDisposedException once the descriptor is closed: using a closed socket is a bug.
            owner.DangerousAddRef(ref added);
            _owner = owner;
            Value = (int)owner.handle;
        }

        public int Value { get; }

        public void Dispose() => _owner.DangerousRelease();
    }
}
