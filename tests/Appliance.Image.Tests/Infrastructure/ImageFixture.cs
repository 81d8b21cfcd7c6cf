using Appliance.ImageBuilder.Build;
using Appliance.ImageBuilder.Definition;
using Appliance.ImageBuilder.Disk;
using Appliance.ImageBuilder.Steps;

namespace Appliance.Image.Tests.Infrastructure;

// The image built once for all tests of the "image" collection: image/appliance.toml with the stand-in as the
// appliance binary, into artifacts/test-image (cached between runs like any build). The container step needs a
// docker daemon: one is started with tools/docker-up.sh unless one answers, and stopped again at the end.
public sealed class ImageFixture : IDisposable
{
    private static readonly string DockerState = Path.Combine(Path.GetTempPath(), "appliance-image-tests-docker");
    private readonly Lazy<BuiltImage> _image = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    // The one line that changes when the real binary can be PID 1: point this at artifacts/bin/appliance.
    public static string ApplianceBinary => Repository.Path("tests/Appliance.Image.Tests/StandIn/appliance");

    internal BuiltImage Image => _image.Value;

    public void Dispose()
    {
        if (_image.IsValueCreated)
        {
            Shell.Run(Repository.Path("tools/docker-down.sh"), DockerState);
        }
    }

    private static BuiltImage Build()
    {
        Shell.Run(TimeSpan.FromSeconds(60), Repository.Path("tools/docker-up.sh"), DockerState).EnsureSuccess("tools/docker-up.sh");
        var options = new BuildOptions(
            Repository.Path("image/appliance.toml"),
            ApplianceBinary,
            Repository.Path("artifacts/test-image"),
            Version: null,
            Force: false,
            Verbose: false);
        var result = ImageBuild.Run(options, "all");
        return new BuiltImage(result.Context, result.Reports);
    }
}

[CollectionDefinition("image")]
public sealed class ImageCollection : ICollectionFixture<ImageFixture>
{
}

internal sealed class BuiltImage(BuildContext context, IReadOnlyList<StepReport> reports)
{
    public BuildContext Context { get; } = context;
    public IReadOnlyList<StepReport> Reports { get; } = reports;
    public ImageDefinition Definition => Context.Definition;
    public PartitionLayout Layout => PartitionLayout.For(Definition.Image.Name, Definition.Disk);
    public string Disk => Context.Image(DiskStep.FileName);
    public string Qcow2 => Context.Image(Qcow2Step.FileName);
    public string Squashfs => Context.Image(SquashfsStep.FileName);
    public string RootfsTar => Context.Image(RootfsStep.TarName);
    public string Update => Context.Image(UpdateStep.FileName(Context));
    public string Manifest => Path.Combine(Context.OutputDirectory, ManifestStep.FileName);
    public string ContainerImage => ContainerStep.Tag(Context);

    // A private copy of the disk for one VM, removed by the caller.
    public string CopyDisk(string directory)
    {
        var copy = Path.Combine(directory, "disk.img");
        File.Copy(Disk, copy, overwrite: true);
        return copy;
    }
}
