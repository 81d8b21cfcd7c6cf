using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Appliance.Supervisor.Upgrade;

namespace Appliance.Supervisor.Tests.Upgrade;

/// <summary>Small update bundles in memory, signed as the build signs them, to be taken apart by the tests.</summary>
internal sealed class BundleFactory
{
    public static readonly string Key1 = BundleSignature.NewPrivateKeyPem();
    public static readonly string Key2 = BundleSignature.NewPrivateKeyPem();

    public Dictionary<string, byte[]> Payload { get; } = new(StringComparer.Ordinal)
    {
        ["rootfs.squashfs"] = Fill(3000, 1),
        ["vmlinuz"] = Fill(1500, 2),
        ["initrd.img"] = Fill(700, 3),
    };

    public JsonObject Manifest { get; } = new()
    {
        ["format"] = 2,
        ["image"] = "appliance",
        ["version"] = "1.2.0",
        ["appliance_version"] = "1.2.0",
        ["kernel"] = "6.1.0-56-amd64",
        ["files"] = new JsonArray(
            File("rootfs.squashfs", "slot"),
            File("vmlinuz", "boot:/{slot}/vmlinuz"),
            File("initrd.img", "boot:/{slot}/initrd.img")),
    };

    public BundleFactory() => Recompute();

    public static RunningImage Box(bool allowDowngrade = false, string version = "1.2.0") =>
        new("appliance", version, ActiveSlot: "A", TargetSlot: "B", SlotCapacity: 16 << 20, allowDowngrade);

    public static TrustedKey Trust(string privateKeyPem, string name = "signing-key.pem") =>
        new(name, BundleSignature.PublicKeyDer(Encoding.ASCII.GetBytes(BundleSignature.PublicKeyPemOf(privateKeyPem)), name));

    public JsonObject FileEntry(string name) => Manifest["files"]!.AsArray().Select(f => f!.AsObject()).First(f => (string)f["name"]! == name);

    /// <summary>Sets every file's size and sha256 from the payload as it is now.</summary>
    public BundleFactory Recompute()
    {
        foreach (var file in Manifest["files"]!.AsArray())
        {
            var content = Payload[(string)file!["name"]!];
            file["size"] = content.Length;
            file["sha256"] = Convert.ToHexStringLower(SHA256.HashData(content));
        }

        return this;
    }

    public byte[] ManifestBytes => Encoding.UTF8.GetBytes(Manifest.ToJsonString() + "\n");

    public List<HeadMember> Head(string? key = null)
    {
        var manifest = ManifestBytes;
        var (signature, signer) = BundleSignature.Sign(manifest, key ?? Key1);
        return
        [
            new(BundleSignature.ManifestName, true, manifest.Length, manifest),
            new(BundleSignature.SignatureName, true, signature.Length, signature),
            new(BundleSignature.SignerName, true, signer.Length, Encoding.ASCII.GetBytes(signer)),
        ];
    }

    /// <summary>The whole tar: head, SHA256SUMS, payload, in the build's order.</summary>
    public byte[] Tar(string? key = null, IEnumerable<(string Name, byte[] Content)>? members = null)
    {
        using var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Ustar, leaveOpen: true))
        {
            var head = Head(key).Select(h => (h.Name, h.Content!));
            var sums = (BundleSignature.SumsName, Encoding.ASCII.GetBytes("not trusted\n"));
            foreach (var (name, content) in members ?? head.Append(sums).Concat(Payload.Select(p => (p.Key, p.Value))))
            {
                writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
            }
        }

        return stream.ToArray();
    }

    private static JsonObject File(string name, string target) => new() { ["name"] = name, ["target"] = target };

    private static byte[] Fill(int length, byte seed) => Enumerable.Range(0, length).Select(i => (byte)(i * 7 + seed)).ToArray();
}
