using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;

namespace Appliance.Image.Tests.Infrastructure;

// Update bundles for the A/B tests: the built one, or one whose named member is damaged but whose checksums
// are recomputed, so that it passes `appliance upgrade`'s checks and fails only when booted.
internal static class UpdateBundle
{
    private static readonly string[] Payload = ["rootfs.squashfs", "vmlinuz", "initrd.img"];

    public static string Broken(string source, string member, string destination)
    {
        var members = Read(source);
        var bytes = members[member];
        // Damage 64 KiB past the header: the file still looks like what it is, its content is wrong.
        for (var i = 4096; i < Math.Min(bytes.Length, 4096 + 65536); i++)
        {
            bytes[i] ^= 0x5A;
        }
        members["SHA256SUMS"] = Encoding.ASCII.GetBytes(string.Concat(Payload.Select(n => $"{Convert.ToHexStringLower(SHA256.HashData(members[n]))}  {n}\n")));
        Write(destination, members);
        return destination;
    }

    public static Dictionary<string, byte[]> Read(string path)
    {
        var members = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var stream = File.OpenRead(path);
        using var reader = new TarReader(stream);
        while (reader.GetNextEntry() is { } entry)
        {
            using var content = new MemoryStream();
            entry.DataStream?.CopyTo(content);
            members[entry.Name] = content.ToArray();
        }
        return members;
    }

    private static void Write(string path, Dictionary<string, byte[]> members)
    {
        using (var stream = File.Create(path))
        using (var writer = new TarWriter(stream, TarEntryFormat.Ustar))
        {
            foreach (var name in new[] { "manifest.json", "SHA256SUMS" }.Concat(Payload))
            {
                writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(members[name]) });
            }
        }
        // A virtio disk is whole sectors.
        var length = new FileInfo(path).Length;
        if (length % 512 != 0)
        {
            using var stream = new FileStream(path, FileMode.Append);
            stream.Write(new byte[512 - (length % 512)]);
        }
    }
}
