using Appliance.ImageBuilder.Build;
using Appliance.ImageBuilder.Definition;
using Appliance.ImageBuilder.Disk;
using Appliance.ImageBuilder.Steps;
using Appliance.Lab;

namespace Appliance.Image.Tests.Infrastructure;

/// <summary>
/// The image built once for all tests of the "image" collection: image/appliance.toml with the real appliance binary
/// (APPLIANCE_BINARY, which build.cake's Test target publishes, else artifacts/bin/appliance), into
/// artifacts/test-image, cached between runs like any build. The binary is copied first, so a republish during the
/// run changes nothing under the tests' feet. The container step needs a docker daemon: tools/docker-up.sh starts
/// one unless one answers, and tools/docker-down.sh stops it again at the end (only the one it started).
/// </summary>
public sealed class ImageFixture : IDisposable
{
    private readonly Lazy<BuiltImage> _image = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    internal BuiltImage Image => _image.Value;

    public void Dispose()
    {
        if (_image.IsValueCreated)
        {
            DockerDaemon.StopOurDaemon();
            Directory.Delete(Path.GetDirectoryName(_image.Value.ApplianceBinary)!, recursive: true);
        }
    }

    private static BuiltImage Build()
    {
        var published = Lan.LocateApplianceBinary();
        if (!File.Exists(published))
        {
            throw new FileNotFoundException($"no appliance binary at {published}: run `dotnet publish appliance/Appliance.Cli -c Release -r linux-x64 -p:PublishAot=true -o artifacts/bin` or set APPLIANCE_BINARY");
        }

        var snapshot = Path.Combine(Path.GetTempPath(), $"appliance-image-tests-bin-{Environment.ProcessId}", "appliance");
        Directory.CreateDirectory(Path.GetDirectoryName(snapshot)!);
        File.Copy(published, snapshot, overwrite: true);

        DockerDaemon.EnsureDaemon();
        var options = new BuildOptions(
            Repository.Path("image/appliance.toml"),
            snapshot,
            Repository.Path("artifacts/test-image"),
            Version: null,
            Force: false,
            Verbose: false);
        var result = ImageBuild.Run(options, "all");
        return new BuiltImage(result.Context, result.Reports, snapshot);
    }
}

[CollectionDefinition("image")]
public sealed class ImageCollection : ICollectionFixture<ImageFixture>
{
}

internal sealed class BuiltImage(BuildContext context, IReadOnlyList<StepReport> reports, string applianceBinary)
{
    public BuildContext Context { get; } = context;

    public IReadOnlyList<StepReport> Reports { get; } = reports;

    /// <summary>The copy of the binary that went into the image; the host side of tests (probes) runs it too.</summary>
    public string ApplianceBinary { get; } = applianceBinary;

    /// <summary>What `appliance --version` says, and so what the ready banner and the manifest say.</summary>
    public string ApplianceVersion => Context.ApplianceVersion;

    public ImageDefinition Definition => Context.Definition;

    public PartitionLayout Layout => PartitionLayout.For(Definition.Image.Name, Definition.Disk);

    public string Disk => Context.Image(DiskStep.FileName);

    public string Qcow2 => Context.Image(Qcow2Step.FileName);

    public string CompressedDisk => Context.Image(FlashStep.CompressedName);

    public string Bmap => Context.Image(FlashStep.BmapName);

    public string Squashfs => Context.Image(SquashfsStep.FileName);

    public string RootfsTar => Context.Image(RootfsStep.TarName);

    public string Update => Context.Image(UpdateStep.FileName(Context));

    /// <summary>The PEM private key the build signed the bundle with (the development key of artifacts/test-image).</summary>
    public string SigningKey => Context.Signing.PrivateKeyPem;

    public string Manifest => Path.Combine(Context.OutputDirectory, ManifestStep.FileName);

    public string ContainerImage => ContainerStep.Tag(Context);

    /// <summary>The container image as an archive for `docker load`.</summary>
    public string ContainerArchive => Context.Image(ContainerStep.ArchiveName);

    // A private copy of the disk for one VM, removed with the directory.
    public string CopyDisk(string directory)
    {
        var copy = Path.Combine(directory, "disk.img");
        File.Copy(Disk, copy, overwrite: true);
        return copy;
    }
}
