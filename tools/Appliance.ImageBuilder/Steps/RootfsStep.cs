using System.Text;
using Appliance.ImageBuilder.Build;
using Appliance.ImageBuilder.Host;

namespace Appliance.ImageBuilder.Steps;

// The root file system as a tar: the Debian packages, minus the dropped paths, plus busybox applet links, the
// kernel modules, the overlay, the appliance binary as /usr/sbin/appliance with /sbin/init pointing at it and its
// manual, and the build checks (nginx -t) run inside it.
internal sealed class RootfsStep : IBuildStep
{
    public const string TarName = "rootfs.tar";
    public const string PackagesName = "rootfs.packages";
    public const string ManualPath = "/usr/share/man/man1/appliance.1.gz";

    public string Name => "rootfs";

    public IReadOnlyList<string> DependsOn => ["packages", "kernel"];

    public void AddInputs(BuildContext context, ContentHash hash)
    {
        var d = context.Definition;
        if (!File.Exists(context.ApplianceBinary))
        {
            throw new BuildException($"the appliance binary {context.ApplianceBinary} does not exist (build it with the Publish target, or pass --appliance PATH)");
        }
        hash.AddFile("debian", context.Work(PackagesStep.TarName))
            .AddTree("modules", context.Work(KernelStep.ModulesTreeName))
            .AddFile("appliance", context.ApplianceBinary)
            .AddTree("overlay", context.FromDefinition(d.Rootfs.Overlay))
            .Add("drop", string.Join('\n', d.Rootfs.Drop))
            .Add("directories", string.Join('\n', d.Rootfs.Directories))
            .Add("applets", string.Join(',', d.Rootfs.BusyboxApplets))
            .Add("paths", $"{d.Rootfs.Appliance}|{d.Rootfs.Init}")
            .Add("checks", string.Join('\n', d.Rootfs.Checks))
            .Add("release", $"{d.Image.Name}|{d.Image.PrettyName}|{context.Version}|{d.Debian.Suite}")
            .Add("trusted-keys", string.Concat(context.Signing.TrustedKeys.Select(k => $"{k.Name}\n{k.Pem}\n")));
    }

    public IReadOnlyList<string> Outputs(BuildContext context) => [context.Image(TarName), context.Image(PackagesName)];

    public void Run(BuildContext context)
    {
        var d = context.Definition;
        var root = context.Work("rootfs");
        FileTree.Remove(root);
        Directory.CreateDirectory(root);
        Exec.Run("tar", ["--numeric-owner", "-xpf", context.Work(PackagesStep.TarName), "-C", root]);

        long dropped = 0;
        foreach (var pattern in d.Rootfs.Drop)
        {
            foreach (var match in FileTree.Glob(root, pattern).ToList())
            {
                var path = Path.Combine(root, match);
                dropped += FileTree.Size(path);
                FileTree.Remove(path);
            }
        }
        Console.WriteLine($"  dropped {BuildRunner.Megabytes(dropped)}");

        foreach (var directory in d.Rootfs.Directories)
        {
            Directory.CreateDirectory(RootPath.Resolve(root, directory));
        }
        FileTree.Copy(Path.Combine(context.Work(KernelStep.ModulesTreeName), "lib"), RootPath.Resolve(root, "/lib"));
        LinkApplets(root, d.Rootfs.BusyboxApplets);
        FileTree.Copy(context.FromDefinition(d.Rootfs.Overlay), root);

        var appliance = RootPath.ResolveParent(root, d.Rootfs.Appliance);
        Directory.CreateDirectory(Path.GetDirectoryName(appliance)!);
        FileTree.Remove(appliance);
        File.Copy(context.ApplianceBinary, appliance);
        File.SetUnixFileMode(appliance, (UnixFileMode)0x1ED);
        var init = RootPath.ResolveParent(root, d.Rootfs.Init);
        Directory.CreateDirectory(Path.GetDirectoryName(init)!);
        FileTree.Remove(init);
        File.CreateSymbolicLink(init, d.Rootfs.Appliance);
        WriteManual(context, root);

        WriteTrustedKeys(context, root);
        var packages = DebianPackage.ReadList(context.Work(PackagesStep.ListName));
        WriteRelease(context, root, packages);
        Exec.Run("ldconfig", ["-r", root]);
        RunChecks(root, d.Rootfs.Checks);

        DebianPackage.WriteList(context.Image(PackagesName), packages);
        var tarArguments = new List<string> { "--numeric-owner", "--sort=name", "-C", root, "-cf", context.Image(TarName) };
        if (BuildContext.SourceDateEpoch is { } epoch)
        {
            tarArguments.AddRange([$"--mtime=@{epoch}", "--clamp-mtime"]);
        }
        tarArguments.Add(".");
        Exec.Run("tar", tarArguments);
    }

    // appliance(1), rendered by the binary from the verb table its --help prints, as the Debian package carries it
    // (the rest of /usr/share/man is dropped; a few KiB, read with `zcat` or copied off the box).
    private static void WriteManual(BuildContext context, string root)
    {
        var page = RootPath.ResolveParent(root, ManualPath);
        Directory.CreateDirectory(Path.GetDirectoryName(page)!);
        var roff = Encoding.UTF8.GetBytes(Exec.Run(context.ApplianceBinary, ["help", "--man"]));
        using var file = File.Create(page);
        using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.SmallestSize);
        gzip.Write(roff);
    }

    // Links /bin/NAME (wherever busybox --list-full puts NAME) to busybox for each applet asked for, unless a
    // package already installed a real program there. "*" asks for every applet.
    private static void LinkApplets(string root, List<string> wanted)
    {
        if (wanted.Count == 0)
        {
            return;
        }
        var busybox = RootPath.Resolve(root, "/bin/busybox");
        if (!File.Exists(busybox))
        {
            throw new BuildException("rootfs.busybox_applets is set but /bin/busybox is not in the root (add busybox to debian.packages)");
        }
        var listed = Exec.Run("chroot", [root, "/bin/busybox", "--list-full"])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToDictionary(p => Path.GetFileName(p), p => "/" + p, StringComparer.Ordinal);
        var names = wanted.Contains("*") ? listed.Keys.Order(StringComparer.Ordinal).ToList() : wanted;
        foreach (var name in names)
        {
            if (!listed.TryGetValue(name, out var path))
            {
                throw new BuildException($"rootfs.busybox_applets: this busybox has no applet '{name}'");
            }
            var link = RootPath.ResolveParent(root, path);
            if (FileTree.Exists(link))
            {
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(link)!);
            File.CreateSymbolicLink(link, "/bin/busybox");
        }
    }

    private static void WriteRelease(BuildContext context, string root, IReadOnlyList<DebianPackage> packages)
    {
        var d = context.Definition;
        var pretty = d.Image.PrettyName.Length > 0 ? d.Image.PrettyName : d.Image.Name;
        var release = new StringBuilder()
            .Append("NAME=\"").Append(pretty).Append("\"\n")
            .Append("ID=").Append(d.Image.Name).Append('\n')
            .Append("ID_LIKE=debian\n")
            .Append("VERSION_ID=\"").Append(context.Version).Append("\"\n")
            .Append("VERSION_CODENAME=").Append(d.Debian.Suite).Append('\n')
            .Append("PRETTY_NAME=\"").Append(pretty).Append(' ').Append(context.Version).Append("\"\n");
        File.WriteAllText(RootPath.ResolveParent(root, "/etc/os-release"), release.ToString());
        var list = RootPath.ResolveParent(root, "/usr/share/appliance/packages");
        Directory.CreateDirectory(Path.GetDirectoryName(list)!);
        DebianPackage.WriteList(list, packages);
    }

    // The public keys `appliance upgrade` trusts, on the read-only root: a bundle that installs a new root brings
    // the key set that the box trusts once it runs that root (image/BOOT.md).
    private static void WriteTrustedKeys(BuildContext context, string root)
    {
        var directory = RootPath.ResolveParent(root, Appliance.Supervisor.Upgrade.BundleSignature.TrustedKeysDirectory);
        FileTree.Remove(directory);
        Directory.CreateDirectory(directory);
        foreach (var (name, pem) in context.Signing.TrustedKeys)
        {
            File.WriteAllText(Path.Combine(directory, name), pem.EndsWith('\n') ? pem : pem + "\n");
        }
    }

    private static void RunChecks(string root, List<string> checks)
    {
        foreach (var check in checks)
        {
            // In a private mount namespace, so /proc and /dev inside the root vanish with the check.
            var words = check.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            const string Script = "root=$1; shift; mount -t proc proc \"$root/proc\" && mount --rbind /dev \"$root/dev\" && exec chroot \"$root\" \"$@\"";
            var result = Exec.TryRun("unshare", ["--mount", "--propagation", "private", "--fork", "sh", "-c", Script, "sh", root, .. words],
                environment: new Dictionary<string, string> { ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin" });
            if (result.ExitCode != 0)
            {
                throw new BuildException($"rootfs check '{check}' failed ({result.ExitCode}):\n{result.Output.Trim()}");
            }
        }
        // Checks may leave files in the places that are tmpfs on the box.
        foreach (var scratch in new[] { "/tmp", "/run" })
        {
            var path = RootPath.Resolve(root, scratch);
            if (Directory.Exists(path))
            {
                foreach (var entry in Directory.EnumerateFileSystemEntries(path).ToList())
                {
                    FileTree.Remove(entry);
                }
            }
        }
    }
}
