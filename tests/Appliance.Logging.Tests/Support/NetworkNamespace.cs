using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Appliance.Logging.Tests.Support;

/// <summary>
/// A private network namespace (prefix "applog-") with lo up and documentation addresses 192.0.2.1/32 and
/// 2001:db8::1/128 on it. Code that must create sockets inside runs on a dedicated thread that called setns():
/// threads it starts inherit the namespace, and a socket stays in the namespace it was created in.
/// </summary>
internal sealed class NetworkNamespace : IDisposable
{
    public const string Ipv4 = "192.0.2.1";
    public const string Ipv6 = "2001:db8::1";

    public NetworkNamespace()
    {
        Name = "applog-" + Guid.NewGuid().ToString("N")[..8];
        Ip("netns", "add", Name);
        try
        {
            Ip("-n", Name, "link", "set", "lo", "up");
            Ip("-n", Name, "addr", "add", Ipv4 + "/32", "dev", "lo");
            Ip("-n", Name, "addr", "add", Ipv6 + "/128", "dev", "lo", "nodad");
        }
        catch
        {
            Ip("netns", "delete", Name);
            throw;
        }
    }

    public string Name { get; }

    /// <summary>Runs <paramref name="body"/> on a new thread inside the namespace and returns its result.</summary>
    public T RunInside<T>(Func<T> body)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using (var ns = File.OpenHandle($"/run/netns/{Name}"))
                {
                    int fd = (int)ns.DangerousGetHandle();
                    if (TestLibc.setns(fd, TestLibc.CLONE_NEWNET) != 0)
                    {
                        throw new InvalidOperationException($"setns({Name}) failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
                    }
                }
                result = body();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        });
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    public void Dispose() => Ip("netns", "delete", Name);

    private static void Ip(params string[] arguments)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)}: {error.Trim()}");
        }
    }
}
