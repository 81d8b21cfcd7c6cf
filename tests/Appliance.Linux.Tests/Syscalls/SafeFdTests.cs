using Tmds.Linux;

namespace Appliance.Linux.Tests.Syscalls;

public sealed class SafeFdTests
{
    [Fact]
    public void Dispose_closes_the_descriptor_once()
    {
        var fd = LibC.eventfd(0, LibC.EFD_CLOEXEC);
        Assert.True(fd >= 0);
        var handle = SafeFd.Own(fd);

        handle.Dispose();
        handle.Dispose();

        Assert.Equal(-1, LibC.fcntl(fd, LibC.F_GETFD));
        Assert.Equal(Errno.EBADF, Appliance.Linux.Interop.LastErrno);
    }

    [Fact]
    public void Borrowing_a_closed_descriptor_is_refused()
    {
        var handle = SafeFd.Own(LibC.eventfd(0, LibC.EFD_CLOEXEC));
        handle.Dispose();

        Assert.Throws<ObjectDisposedException>(() =>
        {
            using var lease = handle.Borrow();
        });
    }

    [Fact]
    public void A_borrowed_descriptor_stays_open_until_returned()
    {
        var fd = LibC.eventfd(0, LibC.EFD_CLOEXEC);
        var handle = SafeFd.Own(fd);
        var lease = handle.Borrow();

        handle.Dispose();
        Assert.NotEqual(-1, LibC.fcntl(fd, LibC.F_GETFD));
        lease.Dispose();

        Assert.Equal(-1, LibC.fcntl(fd, LibC.F_GETFD));
    }
}
