using System.Text;
using Tmds.Linux;

namespace Appliance.Linux.Host;

/// <summary>
/// fsync(2) of a directory, which the runtime cannot do: it is what makes a rename (a new config file, a new
/// slot.cfg) survive a power cut. Files themselves are synced with FileStream.Flush(flushToDisk: true).
/// </summary>
public static unsafe class FileSync
{
    public static void Directory(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        int fd;
        fixed (byte* p = bytes)
        {
            do
            {
                fd = LibC.open(p, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0);
            }
            while (Interop.Interrupted(fd));
        }

        if (fd == -1)
        {
            throw Interop.Failure($"open directory {path}");
        }

        using var handle = SafeFd.Own(fd);
        int result;
        do
        {
            result = LibC.fsync(fd);
        }
        while (Interop.Interrupted(result));

        if (result == -1)
        {
            throw Interop.Failure($"fsync directory {path}");
        }
    }
}
