namespace Appliance.Linux.Tests.Syscalls;

public sealed class SystemCallExceptionTests
{
    [Fact]
    public void Message_names_the_operation_the_errno_and_its_text()
    {
        var error = new SystemCallException(Errno.EEXIST, "netlink add address 192.0.2.10/24 on eth0");

        Assert.Equal("netlink add address 192.0.2.10/24 on eth0: EEXIST (File exists)", error.Message);
        Assert.Equal("File exists", error.ErrorText[(error.ErrorText.IndexOf('(') + 1)..^1]);
    }

    [Fact]
    public void Kernel_explanation_is_appended_when_there_is_one()
    {
        var error = new SystemCallException(Errno.EINVAL, "netlink add address 192.0.2.10/33 on eth0", "ipv4: Invalid prefix length");

        Assert.Equal(
            "netlink add address 192.0.2.10/33 on eth0: EINVAL (Invalid argument): kernel says \"ipv4: Invalid prefix length\"",
            error.Message);
    }

    [Theory]
    [InlineData(Errno.EADDRNOTAVAIL, "EADDRNOTAVAIL (Cannot assign requested address)")]
    [InlineData(Errno.ENOBUFS, "ENOBUFS (No buffer space available)")]
    [InlineData(Errno.EINTR, "EINTR (Interrupted system call)")]
    public void Errno_names_match_libc(Errno errno, string expected) =>
        Assert.Equal(expected, SystemCallException.Describe(errno));
}
