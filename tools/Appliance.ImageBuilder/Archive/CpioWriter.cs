using System.Text;

namespace Appliance.ImageBuilder.Archive;

// The "newc" cpio format the kernel unpacks into its initramfs (Documentation/driver-api/early-userspace/
// buffer-format.rst). Written here rather than with cpio(1) so that the archive can hold /dev/console without
// mknod, everything is owned by root, and the same inputs give the same bytes.
internal sealed class CpioWriter(Stream output, long modificationTime)
{
    private const uint TypeDirectory = 0x4000;
    private const uint TypeRegular = 0x8000;
    private const uint TypeSymlink = 0xA000;
    private const uint TypeCharDevice = 0x2000;

    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private uint _inode = 1;

    public void Directory(string path, uint mode = 0x1ED)
    {
        foreach (var parent in Parents(path))
        {
            Entry(parent, TypeDirectory | 0x1ED, [], 0, 0);
        }
        Entry(path, TypeDirectory | mode, [], 0, 0);
    }

    public void File(string path, byte[] content, uint mode)
    {
        EnsureParents(path);
        Entry(path, TypeRegular | mode, content, 0, 0);
    }

    public void Symlink(string path, string target)
    {
        EnsureParents(path);
        Entry(path, TypeSymlink | 0x1FF, Encoding.UTF8.GetBytes(target), 0, 0);
    }

    public void CharDevice(string path, uint mode, uint major, uint minor)
    {
        EnsureParents(path);
        Entry(path, TypeCharDevice | mode, [], major, minor);
    }

    public void Finish() => Entry("TRAILER!!!", 0, [], 0, 0, force: true);

    private void EnsureParents(string path)
    {
        foreach (var parent in Parents(path))
        {
            Entry(parent, TypeDirectory | 0x1ED, [], 0, 0);
        }
    }

    private static IEnumerable<string> Parents(string path)
    {
        var parts = path.Split('/');
        for (var i = 1; i < parts.Length; i++)
        {
            yield return string.Join('/', parts[..i]);
        }
    }

    private void Entry(string path, uint mode, byte[] content, uint major, uint minor, bool force = false)
    {
        if (!force && !_written.Add(path))
        {
            return;
        }
        var name = Encoding.UTF8.GetBytes(path + "\0");
        var header = new StringBuilder("070701");
        foreach (var field in new uint[]
                 {
                     force ? 0 : _inode++, mode, 0, 0, (mode & 0xF000) == TypeDirectory ? 2u : 1u, (uint)modificationTime,
                     (uint)content.Length, 0, 0, major, minor, (uint)name.Length, 0,
                 })
        {
            header.Append(field.ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
        }
        var headerBytes = Encoding.ASCII.GetBytes(header.ToString());
        output.Write(headerBytes);
        output.Write(name);
        Pad(headerBytes.Length + name.Length);
        output.Write(content);
        Pad(content.Length);
    }

    private void Pad(int length)
    {
        var padding = (4 - (length % 4)) % 4;
        for (var i = 0; i < padding; i++)
        {
            output.WriteByte(0);
        }
    }
}
