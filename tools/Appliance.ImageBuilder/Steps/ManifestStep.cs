using System.Text.Json;
using Appliance.ImageBuilder.Build;
using Appliance.ImageBuilder.Disk;
using Appliance.ImageBuilder.Host;

namespace Appliance.ImageBuilder.Steps;

// artifacts/manifest.json: what was built, from what versions, with sizes and digests.
internal sealed class ManifestStep : IBuildStep
{
    public const string FileName = "manifest.json";

    public string Name => "manifest";

    public IReadOnlyList<string> DependsOn => ["rootfs", "squashfs", "kernel", .. FormatSteps];

    // The steps named by outputs.formats, set before the build starts.
    public IReadOnlyList<string> FormatSteps { get; init; } = [];

    public void AddInputs(BuildContext context, ContentHash hash)
    {
        foreach (var (name, path) in Artifacts(context))
        {
            hash.AddFile(name, path);
        }
        hash.Add("version", context.Version).Add("appliance", context.ApplianceVersion);
    }

    public IReadOnlyList<string> Outputs(BuildContext context) => [Path.Combine(context.OutputDirectory, FileName)];

    public void Run(BuildContext context)
    {
        var d = context.Definition;
        var packages = DebianPackage.ReadList(context.Image(RootfsStep.PackagesName));
        var kernelPackages = DebianPackage.ReadList(context.Work(KernelPackageStep.ListName));
        string Version(IReadOnlyList<DebianPackage> list, params string[] names) =>
            names.Select(n => list.FirstOrDefault(p => p.Name == n)?.Version).FirstOrDefault(v => v is not null) ?? "";
        var kernelVersion = File.ReadAllText(context.Work(KernelStep.VersionName)).Trim();

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("image", d.Image.Name);
            writer.WriteString("version", context.Version);
            writer.WriteString("debian_suite", d.Debian.Suite);
            writer.WriteStartObject("versions");
            writer.WriteString("appliance", context.ApplianceVersion);
            writer.WriteString("nginx", Version(packages, "nginx", "nginx-light", "nginx-core"));
            writer.WriteString("busybox", Version(packages, "busybox", "busybox-static"));
            writer.WriteString("kernel", kernelVersion);
            writer.WriteString("kernel_package", Version(kernelPackages, $"linux-image-{kernelVersion}", $"linux-image-{kernelVersion}-unsigned"));
            writer.WriteEndObject();

            writer.WriteStartArray("artifacts");
            foreach (var (name, path) in Artifacts(context))
            {
                writer.WriteStartObject();
                writer.WriteString("name", name);
                writer.WriteString("path", Path.GetRelativePath(context.OutputDirectory, path));
                writer.WriteNumber("size", new FileInfo(path).Length);
                writer.WriteString("sha256", ContentHash.OfFile(path));
                writer.WriteEndObject();
            }
            writer.WriteEndArray();

            if (FormatSteps.Contains("disk"))
            {
                writer.WriteStartArray("partitions");
                foreach (var p in PartitionLayout.For(d.Image.Name, d.Disk).Partitions)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", p.Name);
                    writer.WriteNumber("offset", p.Offset);
                    writer.WriteNumber("size", p.Bytes);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            var container = context.Image(ContainerStep.FileName);
            if (FormatSteps.Contains("container") && File.Exists(container))
            {
                using var json = JsonDocument.Parse(File.ReadAllText(container));
                writer.WritePropertyName("container");
                json.RootElement.WriteTo(writer);
            }
            writer.WriteStartArray("packages");
            foreach (var p in packages)
            {
                writer.WriteStringValue($"{p.Name} {p.Version}");
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        File.WriteAllBytes(Path.Combine(context.OutputDirectory, FileName), [.. stream.ToArray(), (byte)'\n']);
    }

    private IEnumerable<(string Name, string Path)> Artifacts(BuildContext context)
    {
        yield return (RootfsStep.TarName, context.Image(RootfsStep.TarName));
        yield return (SquashfsStep.FileName, context.Image(SquashfsStep.FileName));
        yield return (KernelStep.VmlinuzName, context.Image(KernelStep.VmlinuzName));
        yield return (KernelStep.InitrdName, context.Image(KernelStep.InitrdName));
        if (FormatSteps.Contains("disk"))
        {
            yield return (DiskStep.FileName, context.Image(DiskStep.FileName));
        }
        if (FormatSteps.Contains("qcow2"))
        {
            yield return (Qcow2Step.FileName, context.Image(Qcow2Step.FileName));
        }
        if (FormatSteps.Contains("flash"))
        {
            yield return (FlashStep.CompressedName, context.Image(FlashStep.CompressedName));
            yield return (FlashStep.BmapName, context.Image(FlashStep.BmapName));
        }
        if (FormatSteps.Contains("update"))
        {
            yield return ("update", context.Image(UpdateStep.FileName(context)));
        }
    }
}
