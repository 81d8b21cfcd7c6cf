namespace Appliance.ImageBuilder.Host;

// mmdebstrap in root mode into a directory, from this machine's apt sources, keeping the downloaded .deb files
// long enough to read which package versions went in (the extract variant registers nothing with dpkg).
internal static class Mmdebstrap
{
    public static IReadOnlyList<DebianPackage> Extract(string suite, string architecture, string variant,
        IEnumerable<string> packages, string target, string sourcesFile)
    {
        FileTree.Remove(target);
        var arguments = new List<string>
        {
            "--mode=root",
            $"--variant={variant}",
            $"--architectures={architecture}",
            $"--include={string.Join(',', packages)}",
            "--skip=cleanup/apt/cache",
        };
        var proxy = AptProxy();
        if (proxy.Length > 0)
        {
            arguments.Add($"--aptopt=Acquire::http::Proxy \"{proxy}\"");
        }
        arguments.AddRange([suite, target, sourcesFile]);
        Exec.Run("mmdebstrap", arguments);

        var archives = Path.Combine(target, "var/cache/apt/archives");
        var installed = Directory.Exists(archives)
            ? Directory.GetFiles(archives, "*.deb").Select(f => DebianPackage.FromFileName(Path.GetFileName(f))).OrderBy(p => p.Name, StringComparer.Ordinal).ToList()
            : [];
        foreach (var deb in Directory.Exists(archives) ? Directory.GetFiles(archives, "*.deb") : [])
        {
            File.Delete(deb);
        }
        FileTree.Remove(Path.Combine(target, "var/lib/apt/lists"));
        Directory.CreateDirectory(Path.Combine(target, "var/lib/apt/lists"));
        return installed;
    }

    private static string AptProxy()
    {
        var result = Exec.TryRun("apt-config", ["shell", "PROXY", "Acquire::http::Proxy"]);
        var line = result.ExitCode == 0 ? result.StandardOutput.Trim() : "";
        // apt-config shell prints PROXY='value'
        return line.StartsWith("PROXY='", StringComparison.Ordinal) && line.EndsWith('\'') ? line[7..^1] : "";
    }
}

internal sealed record DebianPackage(string Name, string Version, string Architecture)
{
    // name_version_arch.deb, with the epoch's ':' written as %3a.
    public static DebianPackage FromFileName(string fileName)
    {
        var parts = fileName[..^4].Split('_');
        return parts.Length == 3
            ? new DebianPackage(parts[0], Uri.UnescapeDataString(parts[1]), parts[2])
            : throw new BuildException($"unexpected package file name {fileName}");
    }

    public static IReadOnlyList<DebianPackage> ReadList(string path) =>
        File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => l.Split(' ')).Select(p => new DebianPackage(p[0], p[1], p[2])).ToList();

    public static void WriteList(string path, IEnumerable<DebianPackage> packages) =>
        File.WriteAllLines(path, packages.Select(p => $"{p.Name} {p.Version} {p.Architecture}"));
}
