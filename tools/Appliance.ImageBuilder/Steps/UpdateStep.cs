using System.Formats.Tar;
using System.Text;
using System.Text.Json;
using Appliance.ImageBuilder.Build;
using Appliance.ImageBuilder.Host;
using Appliance.Supervisor.Upgrade;

namespace Appliance.ImageBuilder.Steps;

// The upgrade bundle `appliance upgrade` installs into the inactive slot (image/BOOT.md): an uncompressed ustar
// archive whose first member is manifest.json, then its signature and the signer's public key, then SHA256SUMS
// (the same digests, for shell tools), then the payload. Uncompressed because the payload already is, and so that
// it can be read as a stream.
internal sealed class UpdateStep : IBuildStep
{
    public const int FormatVersion = 2;

    public string Name => "update";

    public IReadOnlyList<string> DependsOn => ["squashfs", "kernel"];

    public void AddInputs(BuildContext context, ContentHash hash)
    {
        foreach (var (name, path, _) in Payload(context))
        {
            hash.AddFile(name, path);
        }
        hash.Add("signer", context.Signing.TrustedKeys[0].Pem).Add("version", context.Version).Add("appliance", context.ApplianceVersion).Add("image", context.Definition.Image.Name);
    }

    public IReadOnlyList<string> Outputs(BuildContext context) => [context.Image(FileName(context))];

    public static string FileName(BuildContext context) => $"{context.Definition.Image.Name}-update-{context.Version}.tar";

    public void Run(BuildContext context)
    {
        var payload = Payload(context).Select(p => (p.Name, p.Path, p.Target, Sha256: ContentHash.OfFile(p.Path), Bytes: new FileInfo(p.Path).Length)).ToList();
        var manifest = Manifest(context, payload.Select(p => (p.Name, p.Target, p.Sha256, p.Bytes)));
        var (signature, signer) = BundleSignature.Sign(manifest, context.Signing.PrivateKeyPem);
        var sums = string.Concat(payload.Select(p => $"{p.Sha256}  {p.Name}\n"));

        var output = context.Image(FileName(context));
        var partial = output + ".partial";
        var mtime = DateTimeOffset.FromUnixTimeSeconds(BuildContext.SourceDateEpoch ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        using (var stream = File.Create(partial))
        using (var tar = new TarWriter(stream, TarEntryFormat.Ustar, leaveOpen: false))
        {
            Add(tar, BundleSignature.ManifestName, new MemoryStream(manifest), mtime);
            Add(tar, BundleSignature.SignatureName, new MemoryStream(signature), mtime);
            Add(tar, BundleSignature.SignerName, new MemoryStream(Encoding.ASCII.GetBytes(signer + "\n")), mtime);
            Add(tar, BundleSignature.SumsName, new MemoryStream(Encoding.ASCII.GetBytes(sums)), mtime);
            foreach (var item in payload)
            {
                Add(tar, item.Name, File.OpenRead(item.Path), mtime);
            }
        }
        File.Move(partial, output, overwrite: true);
    }

    private static IEnumerable<(string Name, string Path, string Target)> Payload(BuildContext context) =>
    [
        ("rootfs.squashfs", context.Image(SquashfsStep.FileName), "slot"),
        ("vmlinuz", context.Image(KernelStep.VmlinuzName), "boot:/{slot}/vmlinuz"),
        ("initrd.img", context.Image(KernelStep.InitrdName), "boot:/{slot}/initrd.img"),
    ];

    private static byte[] Manifest(BuildContext context, IEnumerable<(string Name, string Target, string Sha256, long Bytes)> files)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("format", FormatVersion);
            writer.WriteString("image", context.Definition.Image.Name);
            writer.WriteString("version", context.Version);
            writer.WriteString("appliance_version", context.ApplianceVersion);
            writer.WriteString("kernel", File.ReadAllText(context.Work(KernelStep.VersionName)).Trim());
            writer.WriteStartArray("files");
            foreach (var (name, target, sha256, bytes) in files)
            {
                writer.WriteStartObject();
                writer.WriteString("name", name);
                writer.WriteString("target", target);
                writer.WriteNumber("size", bytes);
                writer.WriteString("sha256", sha256);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return [.. stream.ToArray(), (byte)'\n'];
    }

    private static void Add(TarWriter tar, string name, Stream content, DateTimeOffset mtime)
    {
        using (content)
        {
            var entry = new UstarTarEntry(TarEntryType.RegularFile, name)
            {
                DataStream = content,
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                Uid = 0,
                Gid = 0,
                ModificationTime = mtime,
            };
            tar.WriteEntry(entry);
        }
    }
}
