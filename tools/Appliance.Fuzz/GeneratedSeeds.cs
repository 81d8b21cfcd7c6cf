using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Appliance.Supervisor.Upgrade;

namespace Appliance.Fuzz;

/// <summary>
/// Seeds no test file holds as bytes: a small bundle in the build's layout (head, SHA256SUMS, payload) signed with
/// <see cref="FuzzKey"/>, and its manifest. tools/fuzz.sh writes them into the corpus before a campaign.
/// </summary>
internal static class GeneratedSeeds
{
    public static void Write(string corpus)
    {
        var payload = new (string Name, string Target, byte[] Content)[]
        {
            ("rootfs.squashfs", BundlePolicy.RootTarget, Fill(96, 1)),
            ("vmlinuz", BundlePolicy.KernelTarget, Fill(48, 2)),
            ("initrd.img", BundlePolicy.InitrdTarget, Fill(32, 3)),
        };
        var files = new JsonArray();
        foreach (var (name, target, content) in payload)
        {
            files.Add(new JsonObject
            {
                ["name"] = name,
                ["target"] = target,
                ["size"] = content.Length,
                ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(content)),
            });
        }

        var manifest = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["format"] = BundlePolicy.FormatVersion,
            ["image"] = "appliance",
            ["version"] = "1.3.0",
            ["appliance_version"] = "1.3.0",
            ["kernel"] = "6.1.0-56-amd64",
            ["files"] = files,
        }.ToJsonString() + "\n");
        WriteSeed(corpus, "manifest", "generated.json", manifest);

        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true))
        {
            var members = new List<(string, byte[])>
            {
                (BundleSignature.ManifestName, manifest),
                (BundleSignature.SignatureName, FuzzKey.Sign(manifest)),
                (BundleSignature.SignerName, FuzzKey.PublicPem),
                (BundleSignature.SumsName, Encoding.ASCII.GetBytes("not trusted\n")),
            };
            members.AddRange(payload.Select(p => (p.Name, p.Content)));
            foreach (var (name, content) in members)
            {
                writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
            }
        }

        WriteSeed(corpus, "bundle", "generated.tar", tar.ToArray());
    }

    private static void WriteSeed(string corpus, string target, string name, byte[] content)
    {
        var directory = Path.Combine(corpus, target);
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, name), content);
    }

    private static byte[] Fill(int length, byte seed) => Enumerable.Range(0, length).Select(i => (byte)((i * 7) + seed)).ToArray();
}
