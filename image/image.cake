// Image targets, loaded by build.cake (#load "image/image.cake"). build.cake provides the "Publish" target (the
// NativeAOT appliance binary). Every target calls tools/Appliance.ImageBuilder, which skips the steps whose inputs
// did not change, so running a later target after an earlier one costs nothing twice.
//
//   dotnet cake --target=Image [--applianceBinary=artifacts/bin/appliance] [--imageVersion=1.2.3]
//               [--signing-key=KEY.pem] [--trusted-keys=DIR]
//
// --signing-key: the operator's PEM EC P-256 private key that signs the update bundle; the image trusts its public
// key. Without it the build creates a development key once (artifacts/signing/development-key.pem), reuses it, and
// says loudly that its bundles are for development only. --trusted-keys: a directory of extra PEM public keys the
// image trusts too (the next key, for a rotation). image/README.md shows how to make a key.
//
// The build needs root (mmdebstrap, chroot, a loop mount) and the Debian packages that build.sh installs.

// Paths are relative to the repository root: the directory of build.cake unless --repositoryRoot says otherwise.
var imageRepositoryRoot = MakeAbsolute(Directory(Argument("repositoryRoot", ".")));
var applianceBinaryPath = Argument("applianceBinary", "artifacts/bin/appliance");
var imageVersion = Argument<string>("imageVersion", null);
var imageDefinition = Argument("imageDefinition", "image/appliance.toml");
var signingKey = Argument<string>("signing-key", null);
var trustedKeys = Argument<string>("trusted-keys", null);
var imageBuilderProject = imageRepositoryRoot.CombineWithFilePath("tools/Appliance.ImageBuilder/Appliance.ImageBuilder.csproj");
var imageBuilderBuilt = false;

void RunImageBuilder(string step)
{
    if (!imageBuilderBuilt)
    {
        DotNetBuild(imageBuilderProject.FullPath, new DotNetBuildSettings { Configuration = "Release", NoLogo = true });
        imageBuilderBuilt = true;
    }
    var arguments = new ProcessArgumentBuilder()
        .AppendQuoted(imageRepositoryRoot.CombineWithFilePath("tools/Appliance.ImageBuilder/bin/Release/net10.0/appliance-image.dll").FullPath)
        .Append(step)
        .Append("--definition").AppendQuoted(imageDefinition)
        .Append("--appliance").AppendQuoted(applianceBinaryPath)
        .Append("--out").AppendQuoted("artifacts");
    if (!string.IsNullOrEmpty(imageVersion))
    {
        arguments.Append("--version").AppendQuoted(imageVersion);
    }
    if (!string.IsNullOrEmpty(signingKey))
    {
        arguments.Append("--signing-key").AppendQuoted(MakeAbsolute(File(signingKey)).FullPath);
    }
    if (!string.IsNullOrEmpty(trustedKeys))
    {
        arguments.Append("--trusted-keys").AppendQuoted(MakeAbsolute(Directory(trustedKeys)).FullPath);
    }
    var exitCode = StartProcess("dotnet", new ProcessSettings { Arguments = arguments, WorkingDirectory = imageRepositoryRoot });
    if (exitCode != 0)
    {
        throw new CakeException($"image step '{step}' failed (exit code {exitCode})");
    }
}

Task("Kernel")
    .Description("Debian kernel and the initramfs (artifacts/image/vmlinuz, initrd.img)")
    .Does(() => RunImageBuilder("kernel"));

Task("Rootfs")
    .Description("Root file system tar with the appliance binary as /sbin/init (artifacts/image/rootfs.tar)")
    .IsDependentOn("Publish")
    .Does(() => RunImageBuilder("rootfs"));

Task("Squashfs")
    .Description("Read-only root of one slot (artifacts/image/rootfs.squashfs)")
    .IsDependentOn("Rootfs")
    .Does(() => RunImageBuilder("squashfs"));

Task("Disk")
    .Description("Bootable raw GPT disk with slots A and B (artifacts/image/disk.img)")
    .IsDependentOn("Squashfs")
    .IsDependentOn("Kernel")
    .Does(() => RunImageBuilder("disk"));

Task("Qcow2")
    .Description("The disk as qcow2 (artifacts/image/disk.qcow2)")
    .IsDependentOn("Disk")
    .Does(() => RunImageBuilder("qcow2"));

Task("Flash")
    .Description("The disk for writing to a stick or a box: disk.img.xz and its block map disk.img.bmap (bmaptool)")
    .IsDependentOn("Disk")
    .Does(() => RunImageBuilder("flash"));

// docker import needs a daemon: tools/docker-up.sh starts one (state in artifacts/docker) unless one answers, and
// tools/docker-down.sh stops it again afterwards, only if it was ours.
void WithDocker(Action build)
{
    var docker = imageRepositoryRoot.Combine("artifacts/docker").FullPath;
    if (StartProcess("sh", new ProcessSettings { Arguments = new ProcessArgumentBuilder().Append("tools/docker-up.sh").AppendQuoted(docker), WorkingDirectory = imageRepositoryRoot }) != 0)
    {
        throw new CakeException("no docker daemon for the container image (tools/docker-up.sh failed)");
    }
    try
    {
        build();
    }
    finally
    {
        StartProcess("sh", new ProcessSettings { Arguments = new ProcessArgumentBuilder().Append("tools/docker-down.sh").AppendQuoted(docker), WorkingDirectory = imageRepositoryRoot });
    }
}

Task("Container")
    .Description("docker import of the rootfs (starts and stops its own dockerd unless one answers)")
    .IsDependentOn("Rootfs")
    .Does(() => WithDocker(() => RunImageBuilder("container")));

Task("Update")
    .Description("Upgrade bundle for `appliance upgrade` (artifacts/image/appliance-update-VERSION.tar)")
    .IsDependentOn("Squashfs")
    .IsDependentOn("Kernel")
    .Does(() => RunImageBuilder("update"));

Task("Image")
    .Description("Every output of image/appliance.toml and artifacts/manifest.json")
    .IsDependentOn("Disk")
    .IsDependentOn("Qcow2")
    .IsDependentOn("Flash")
    .IsDependentOn("Update")
    // No dependency on Container: "all" builds the container image too, under the one daemon WithDocker starts.
    .Does(() => WithDocker(() => RunImageBuilder("all")));
