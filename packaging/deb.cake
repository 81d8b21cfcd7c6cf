// The Debian package, loaded by build.cake (#load "packaging/deb.cake"), which provides "Publish" (the NativeAOT
// binary in artifacts/bin/appliance) and image/image.cake's --imageVersion.
//
//   ./build.sh --target=Deb [--imageVersion=1.2.3]   ->  artifacts/deb/appliance_VERSION-1_amd64.deb
//
// Built with dpkg-deb from a staged tree (no debhelper: one prebuilt executable needs none of its steps); what
// dh_installsystemd, dh_installman, dh_installchangelogs and dh_shlibdeps would do is done here the same way, and
// lintian checks the result: an error fails the build. The files are in packaging/deb; README.md and
// appliance/docs/operations.md describe the package.

// Functions, not variables: this file is loaded before build.cake assigns artifacts and root.
DirectoryPath DebDirectory() => artifacts.Combine("deb");
DirectoryPath DebSources() => root.Combine("packaging/deb");

Task("Deb")
    .Description("Debian package of the appliance binary with its systemd unit (artifacts/deb/appliance_VERSION_amd64.deb)")
    .IsDependentOn("Publish")
    .Does(() =>
{
    // The image's version (image/image.cake): --imageVersion, else what the binary says. Debian allows no '_'.
    var upstream = imageVersion ?? Capture(applianceBinary.FullPath, "--version").Split(' ')[^1].Trim();
    if (!System.Text.RegularExpressions.Regex.IsMatch(upstream, "^[0-9][A-Za-z0-9.+~]*$"))
    {
        throw new CakeException($"'{upstream}' cannot be a Debian upstream version (a digit first, then letters, digits, . + ~)");
    }
    // A Debian revision: this is a package of the project, not the project's own source (changelog.Debian.gz).
    var version = upstream + "-1";

    var debDirectory = DebDirectory();
    var debSources = DebSources();
    var stage = debDirectory.Combine("root");
    EnsureDirectoryExists(debDirectory);
    if (DirectoryExists(stage))
    {
        DeleteDirectory(stage, new DeleteDirectorySettings { Recursive = true, Force = true });
    }

    // Policy 9.1: a daemon and administration tool in /usr/sbin; the unit in /lib/systemd/system as bookworm's
    // debhelper puts it.
    Install(applianceBinary.FullPath, stage, "usr/sbin/appliance", "755");
    Install(debSources.CombineWithFilePath("appliance.service").FullPath, stage, "lib/systemd/system/appliance.service", "644");
    Install(debSources.CombineWithFilePath("appliance.ini").FullPath, stage, "etc/appliance/appliance.ini", "644");
    var doc = stage.Combine("usr/share/doc/appliance");
    Install(debSources.CombineWithFilePath("copyright").FullPath, stage, "usr/share/doc/appliance/copyright", "644");
    foreach (var page in new[] { "operations.md", "configuration.md", "status.md", "console.md", "coming-from-keepalived.md" })
    {
        Install(root.CombineWithFilePath($"appliance/docs/{page}").FullPath, stage, $"usr/share/doc/appliance/{page}", "644");
    }

    // appliance(1) from the verb table that --help prints (appliance help --man).
    var man = stage.Combine("usr/share/man/man1");
    EnsureDirectoryExists(man);
    System.IO.File.WriteAllText(man.CombineWithFilePath("appliance.1").FullPath, Capture(applianceBinary.FullPath, "help", "--man"));
    Run("gzip", "-9n", man.CombineWithFilePath("appliance.1").FullPath);

    // The changelog's date is the commit's, so that one commit always builds the same package.
    var changelog = doc.CombineWithFilePath("changelog.Debian");
    System.IO.File.WriteAllText(changelog.FullPath,
        $"appliance ({version}) bookworm; urgency=medium\n\n" +
        $"  * Built from commit {Capture("git", "-C", root.FullPath, "rev-parse", "HEAD").Trim()}.\n\n" +
        $" -- {Maintainer}  {Capture("git", "-C", root.FullPath, "log", "-1", "--format=%aD").Trim()}\n");
    Run("gzip", "-9n", changelog.FullPath);

    var control = stage.Combine("DEBIAN");
    EnsureDirectoryExists(control);
    foreach (var script in new[] { "postinst", "prerm", "postrm" })
    {
        Install(debSources.CombineWithFilePath(script).FullPath, stage, $"DEBIAN/{script}", "755");
    }
    System.IO.File.WriteAllText(control.CombineWithFilePath("conffiles").FullPath, "/etc/appliance/appliance.ini\n");
    System.IO.File.WriteAllText(control.CombineWithFilePath("control").FullPath, Control(version, SharedLibraryDepends(applianceBinary.FullPath), stage));
    var sums = Capture("sh", "-c", "cd \"$0\" && find usr lib -type f -print0 | LC_ALL=C sort -z | xargs -0 md5sum", stage.FullPath);
    System.IO.File.WriteAllText(control.CombineWithFilePath("md5sums").FullPath, sums);

    // One package in artifacts/deb, the one this build made (the tests install what they find there).
    DeleteFiles($"{debDirectory.FullPath}/*.deb");
    var package = debDirectory.CombineWithFilePath($"appliance_{version}_amd64.deb");
    Run("dpkg-deb", "--root-owner-group", "-Zxz", "--build", stage.FullPath, package.FullPath);
    Information($"{package}: {new System.IO.FileInfo(package.FullPath).Length / 1024.0 / 1024.0:0.00} MiB");

    // lintian's verdict on the package; errors fail the build, warnings are listed (README.md says which remain and why).
    var exit = StartProcess("lintian", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder().Append("--fail-on").Append("error").Append("--suppress-tags-from-file").AppendQuoted(debSources.CombineWithFilePath("lintian-accepted").FullPath).AppendQuoted(package.FullPath),
    });
    if (exit != 0)
    {
        throw new CakeException($"lintian reports errors on {package.GetFilename()}");
    }
});

const string Maintainer = "Appliance maintainers <appliance@example.org>";

string Control(string version, string depends, DirectoryPath stage)
{
    var installedKiB = System.IO.Directory.EnumerateFiles(stage.FullPath, "*", System.IO.SearchOption.AllDirectories)
        .Where(f => !f.Contains("/DEBIAN/"))
        .Sum(f => (new System.IO.FileInfo(f).Length + 1023) / 1024);
    return $"""
        Package: appliance
        Version: {version}
        Architecture: amd64
        Maintainer: {Maintainer}
        Installed-Size: {installedKiB}
        Depends: {depends}, nginx
        Recommends: nftables
        Section: net
        Priority: optional
        Description: VRRP node and nginx supervisor: two hosts keep one web address alive
         appliance is one program that speaks VRRP (RFC 9568 version 3, RFC 3768
         version 2, compatible with keepalived) and starts and watches nginx: of two
         hosts that share a virtual IP address, the master holds the address and
         serves it with nginx, and the backup takes it over within a second when the
         master, its link or its nginx fails, or without a refused request when the
         master is stopped.
         .
         The package installs the appliance.service systemd unit (Type=notify, with a
         watchdog), disabled until /etc/appliance/appliance.ini is edited. It
         conflicts with nginx.service and keepalived.service: the supervisor runs its
         own nginx, and it replaces keepalived.

        """.Replace("\r", "");
}

// dpkg-shlibdeps, as dh_shlibdeps runs it: the libraries the executable links (NativeAOT links libc and libm) and
// the lowest versions that provide the symbols it uses.
string SharedLibraryDepends(string binary)
{
    var scratch = DebDirectory().Combine("shlibdeps");
    // The layout dh_shlibdeps sees: the package's tree (with its DEBIAN directory) under debian/PACKAGE.
    EnsureDirectoryExists(scratch.Combine("debian/appliance/usr/sbin"));
    EnsureDirectoryExists(scratch.Combine("debian/appliance/DEBIAN"));
    CopyFile(binary, scratch.CombineWithFilePath("debian/appliance/usr/sbin/appliance"));
    System.IO.File.WriteAllText(scratch.CombineWithFilePath("debian/control").FullPath, "Source: appliance\n\nPackage: appliance\nArchitecture: amd64\n");
    var line = Capture("sh", "-c", "cd \"$0\" && dpkg-shlibdeps -O -edebian/appliance/usr/sbin/appliance", scratch.FullPath);
    DeleteDirectory(scratch, new DeleteDirectorySettings { Recursive = true, Force = true });
    return line.Trim().Replace("shlibs:Depends=", "");
}

void Install(string source, DirectoryPath stage, string target, string mode)
{
    var path = stage.CombineWithFilePath(target);
    EnsureDirectoryExists(path.GetDirectory());
    CopyFile(source, path);
    Run("chmod", mode, path.FullPath);
}

void Run(string program, params string[] arguments)
{
    var builder = new ProcessArgumentBuilder();
    foreach (var argument in arguments)
    {
        builder.AppendQuoted(argument);
    }
    if (StartProcess(program, new ProcessSettings { Arguments = builder }) != 0)
    {
        throw new CakeException($"{program} {string.Join(' ', arguments)} failed");
    }
}

string Capture(string program, params string[] arguments)
{
    var builder = new ProcessArgumentBuilder();
    foreach (var argument in arguments)
    {
        builder.AppendQuoted(argument);
    }
    var exit = StartProcess(program, new ProcessSettings { Arguments = builder, RedirectStandardOutput = true }, out var lines);
    if (exit != 0)
    {
        throw new CakeException($"{program} {string.Join(' ', arguments)} failed with {exit}");
    }
    return string.Join("\n", lines) + "\n";
}
