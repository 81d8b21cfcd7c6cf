using System.Runtime.InteropServices;
using Appliance.Lab;
using Appliance.Testing;
using Tmds.Linux;
using static Appliance.Linux.Interop;

namespace Appliance.Linux.Tests.Syscalls;

/// <summary>The declarations Tmds.LibC lacks: each called once, so a wrong signature or struct shows here.</summary>
public sealed unsafe class LibcImportTests
{
    [Fact]
    public void Struct_sizes_match_the_c_headers()
    {
        Assert.Equal(12, sizeof(sockaddr_nl));
        Assert.Equal(16, sizeof(nlmsghdr));
        Assert.Equal(20, sizeof(nlmsgerr));
        Assert.Equal(16, sizeof(ifinfomsg));
        Assert.Equal(8, sizeof(ifaddrmsg));
        Assert.Equal(12, sizeof(rtmsg));
        Assert.Equal(4, sizeof(rtattr));
        Assert.Equal(128, sizeof(signalfd_siginfo));
        Assert.Equal(32, sizeof(itimerspec));
    }

    [RootFact]
    public void Interface_names_and_indexes_are_those_of_the_calling_threads_namespace()
    {
        using var ns = NetworkNamespace.Create("ifindex");
        ns.CreateVethPair("probe0", "probe1");
        var expected = ns.IndexOf("probe0");

        var (index, name) = ns.Run(() => (if_nametoindex("probe0"), IndexToName(expected)));

        Assert.Equal((uint)expected, index);
        Assert.Equal("probe0", name);
    }

    [Fact]
    public void Unknown_interface_has_index_zero_and_no_name()
    {
        Assert.Equal(0u, if_nametoindex("no-such-if0"));
        Assert.Null(IndexToName(int.MaxValue));
    }

    [Fact]
    public void Timerfd_expires_and_reads_its_count()
    {
        var fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
        Assert.True(fd >= 0, $"timerfd_create: {LastErrno}");
        using var handle = SafeFd.Own(fd);
        var spec = new itimerspec();
        spec.it_value.tv_nsec = 1_000_000;

        Assert.Equal(0, timerfd_settime(fd, 0, &spec, null));
        ulong expirations;
        Assert.Equal(8L, (long)LibC.read(fd, &expirations, sizeof(ulong)));

        Assert.True(expirations >= 1);
    }

    [Fact]
    public void Signalfd_opens_for_a_signal_set()
    {
        sigset_t mask;
        LibC.sigemptyset(&mask);
        LibC.sigaddset(&mask, LibC.SIGUSR2);

        var fd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);

        Assert.True(fd >= 0, $"signalfd: {LastErrno}");
        SafeFd.Own(fd).Dispose();
    }

    [Fact]
    public void Pidfd_opens_for_a_live_process()
    {
        var fd = pidfd_open(Environment.ProcessId, 0);

        Assert.True(fd >= 0, $"pidfd_open: {LastErrno}");
        SafeFd.Own(fd).Dispose();
    }

    [Fact]
    public void Pidfd_of_a_missing_process_fails_with_esrch()
    {
        Assert.Equal(-1, pidfd_open(int.MaxValue, 0));
        Assert.Equal(Errno.ESRCH, LastErrno);
    }

    [Fact]
    public void Prctl_reads_the_process_name()
    {
        var name = stackalloc byte[16];

        Assert.Equal(0, prctl(PR_GET_NAME, (nuint)name, 0, 0, 0));

        Assert.False(string.IsNullOrEmpty(Marshal.PtrToStringUTF8((nint)name)));
    }

    [Fact]
    public void Eintr_retry_repeats_only_interrupted_calls()
    {
        var calls = 0;

        var result = RetryOnEintr(() =>
        {
            calls++;
            Marshal.SetLastPInvokeError(calls < 3 ? (int)Errno.EINTR : (int)Errno.EAGAIN);
            return -1;
        });

        Assert.Equal((-1, 3, Errno.EAGAIN), (result, calls, LastErrno));
    }
}
