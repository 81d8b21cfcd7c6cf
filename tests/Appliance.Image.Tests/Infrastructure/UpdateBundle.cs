using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Appliance.Lab;
using Appliance.Supervisor.Upgrade;

namespace Appliance.Image.Tests.Infrastructure;

/// <summary>
/// Update bundles for the A/B tests: the built one, or one with a payload replaced whose manifest.json and SHA256SUMS
/// are recomputed and signed again with the build's key, so that `appliance upgrade` accepts it and it fails only
/// when it boots; or hostile ones, which it must refuse.
/// </summary>
internal static class UpdateBundle
{
    public static readonly string[] Payload = ["rootfs.squashfs", "vmlinuz", "initrd.img"];
    private static readonly string[] Head = [BundleSignature.ManifestName, BundleSignature.SignatureName, BundleSignature.SignerName, BundleSignature.SumsName];

    /// <summary>
    /// The bundle with 64 KiB of <paramref name="member"/> damaged from <paramref name="offset"/> on: past the header
    /// (4096) it still looks like what it is; at 0 its superblock or magic is gone.
    /// </summary>
    public static string Damaged(string source, string member, string destination, string signingKey, int offset = 4096)
    {
        var members = Read(source);
        var bytes = members[member];
        for (var i = offset; i < Math.Min(bytes.Length, offset + 65536); i++)
        {
            bytes[i] ^= 0x5A;
        }

        Write(destination, members, signingKey);
        return destination;
    }

    /// <summary>The bundle with another root file system in it, signed with <paramref name="signingKey"/>.</summary>
    public static string WithRoot(string source, string squashfs, string destination, string signingKey)
    {
        var members = Read(source);
        members["rootfs.squashfs"] = File.ReadAllBytes(squashfs);
        Write(destination, members, signingKey);
        return destination;
    }

    /// <summary>
    /// A root file system like the built one whose nginx.conf nginx refuses: a box that boots it never gets healthy.
    /// Made from the build's rootfs.tar, with the same squashfs options as the build (a lower zstd level: it is
    /// only booted once).
    /// </summary>
    public static string RootWithBrokenNginx(string rootfsTar, Scratch scratch) =>
        Root(rootfsTar, scratch, "broken-root", tree => File.AppendAllText(Path.Combine(tree, "etc/nginx/nginx.conf"), "\nthis_directive_does_not_exist on;\n"));

    /// <summary>A root file system like the built one that also trusts <paramref name="publicKeyPem"/> for updates.</summary>
    public static string RootTrusting(string rootfsTar, Scratch scratch, string name, string publicKeyPem) =>
        Root(rootfsTar, scratch, "rotated-root", tree => File.WriteAllText(Path.Combine(tree, BundleSignature.TrustedKeysDirectory.TrimStart('/'), name), publicKeyPem));

    private static string Root(string rootfsTar, Scratch scratch, string name, Action<string> edit)
    {
        var tree = scratch.Path(name);
        Directory.CreateDirectory(tree);
        Cmd.Run(TimeSpan.FromSeconds(60), "tar", "--numeric-owner", "-xpf", rootfsTar, "-C", tree);
        edit(tree);
        var squashfs = scratch.Path($"{name}.squashfs");
        Cmd.Run(TimeSpan.FromSeconds(120), "mksquashfs", tree, squashfs, "-noappend", "-no-progress", "-no-xattrs",
            "-comp", "zstd", "-Xcompression-level", "3", "-b", "1024K");
        Directory.Delete(tree, recursive: true);
        return squashfs;
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

    /// <summary>
    /// Writes a bundle in the build's member order. With <paramref name="recompute"/> the manifest's sizes and digests
    /// follow the payload; with a <paramref name="signingKey"/> the (edited) manifest is signed again, else the
    /// signature members are kept as they are (or left out when there are none).
    /// </summary>
    public static void Write(string path, Dictionary<string, byte[]> members, string? signingKey, Action<JsonNode>? edit = null, bool recompute = true)
    {
        var manifest = JsonNode.Parse(members[BundleSignature.ManifestName])!;
        foreach (var file in manifest["files"]!.AsArray())
        {
            var name = file!["name"]!.GetValue<string>();
            if (recompute && members.TryGetValue(name, out var content))
            {
                file["size"] = content.Length;
                file["sha256"] = Convert.ToHexStringLower(SHA256.HashData(content));
            }
        }

        edit?.Invoke(manifest);
        if (recompute || edit is not null)
        {
            members[BundleSignature.ManifestName] = Encoding.UTF8.GetBytes(manifest.ToJsonString() + "\n");
        }

        if (signingKey is not null)
        {
            var (signature, signer) = BundleSignature.Sign(members[BundleSignature.ManifestName], signingKey);
            members[BundleSignature.SignatureName] = signature;
            members[BundleSignature.SignerName] = Encoding.ASCII.GetBytes(signer + "\n");
        }

        members[BundleSignature.SumsName] = Encoding.ASCII.GetBytes(string.Concat(Payload.Where(members.ContainsKey).Select(n => $"{Convert.ToHexStringLower(SHA256.HashData(members[n]))}  {n}\n")));
        using var stream = File.Create(path);
        using var writer = new TarWriter(stream, TarEntryFormat.Ustar);
        foreach (var name in Head.Concat(members.Keys.Except(Head)).Where(members.ContainsKey))
        {
            writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(members[name]) });
        }
    }
}

/// <summary>
/// A second disk for a VM, like a USB stick an operator brings: an ext4 file system holding update bundles, which the
/// VM's shell mounts (read-only) at /tmp/usb.
/// </summary>
internal static class BundleDisk
{
    public const string MountPoint = "/tmp/usb";

    public static string Create(Scratch scratch, params string[] bundles)
    {
        var content = scratch.Path("usb");
        Directory.CreateDirectory(content);
        foreach (var bundle in bundles)
        {
            File.Copy(bundle, Path.Combine(content, Path.GetFileName(bundle)), overwrite: true);
        }

        // ext4's journal, inode tables and per-file metadata grow with the size: a quarter more, plus a floor.
        var megabytes = (bundles.Sum(b => new FileInfo(b).Length) * 5 / 4 / (1024 * 1024)) + 16;
        var image = scratch.Path("usb.img");
        Cmd.Run(TimeSpan.FromSeconds(60), "mkfs.ext4", "-q", "-F", "-L", "bundles", "-d", content, image, $"{megabytes}M");
        Directory.Delete(content, recursive: true);
        return image;
    }

    /// <summary>The shell command that makes the bundles readable in the VM.</summary>
    public static string MountCommand => $"mkdir -p {MountPoint} && mount -o ro /dev/vdb {MountPoint}";
}
