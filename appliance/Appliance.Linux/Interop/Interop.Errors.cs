using System.Runtime.InteropServices;

namespace Appliance.Linux;

internal static partial class Interop
{
    /// <summary>errno of the last libc call on this thread. Read it at once: any later P/Invoke overwrites it.</summary>
    internal static Errno LastErrno => (Errno)Marshal.GetLastPInvokeError();

    /// <summary>
    /// We call libc without the runtime's C shim, so nothing retries a call interrupted by a signal for us.
    /// Use as <c>do { n = LibC.recv(...); } while (Interop.Interrupted(n));</c>: the call is made again only when
    /// it failed with EINTR. (A lambda-taking helper would not do here: most calls work on <c>fixed</c> buffers,
    /// which a lambda cannot capture.) Never use it around close(2): see <see cref="SafeFd"/>.
    /// </summary>
    internal static bool Interrupted(long result) => result == -1 && LastErrno == Errno.EINTR;

    /// <summary>Runs <paramref name="call"/> until it is not interrupted by a signal; for calls without pinned buffers.</summary>
    internal static int RetryOnEintr(Func<int> call)
    {
        int result;
        do
        {
            result = call();
        }
        while (Interrupted(result));
        return result;
    }

    /// <summary>The exception for the failed call just made: reads errno now, so call it first thing.</summary>
    internal static SystemCallException Failure(string operation) => new(LastErrno, operation);

    /// <summary>Throws for a -1 result of the call just made, naming the operation.</summary>
    internal static long ThrowIfFailed(long result, string operation) =>
        result == -1 ? throw Failure(operation) : result;

    internal static int ThrowIfFailed(int result, string operation) =>
        result == -1 ? throw Failure(operation) : result;
}
