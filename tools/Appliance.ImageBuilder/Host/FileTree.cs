namespace Appliance.ImageBuilder.Host;

// Copies, removes and measures trees without following symbolic links: a rootfs is full of absolute links that
// point at the build machine's own files when followed.
internal static class FileTree
{
    public static void Copy(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(destination, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                Remove(target);
                File.CreateSymbolicLink(target, link);
            }
            else if (entry is DirectoryInfo directory)
            {
                if (IsSymbolicLink(target))
                {
                    throw new BuildException($"{target} is a symbolic link in the root; the overlay cannot put a directory there");
                }
                Directory.CreateDirectory(target);
                File.SetUnixFileMode(target, directory.UnixFileMode);
                Copy(directory.FullName, target);
            }
            else
            {
                Remove(target);
                File.Copy(entry.FullName, target);
                File.SetUnixFileMode(target, entry.UnixFileMode);
            }
        }
    }

    public static void Remove(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null || (info.Exists && !info.Attributes.HasFlag(FileAttributes.Directory)))
        {
            info.Delete();
        }
        else if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    public static bool IsSymbolicLink(string path) => new FileInfo(path).LinkTarget is not null;

    public static bool Exists(string path) => File.Exists(path) || Directory.Exists(path) || IsSymbolicLink(path);

    // Bytes of regular files below a directory (links and directories count as nothing).
    public static long Size(string path)
    {
        if (File.Exists(path) && !IsSymbolicLink(path))
        {
            return new FileInfo(path).Length;
        }
        if (!Directory.Exists(path))
        {
            return 0;
        }
        long total = 0;
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        foreach (var file in new DirectoryInfo(path).EnumerateFiles("*", options))
        {
            if (file.LinkTarget is null)
            {
                total += file.Length;
            }
        }
        return total;
    }

    // Paths below root (relative, '/'-separated) matching a pattern such as "/usr/share/locale/*" or
    // "/usr/lib/*/gconv": '*' and '?' match within one path segment; links are matched, never followed.
    public static IEnumerable<string> Glob(string root, string pattern)
    {
        var segments = pattern.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        return Match(root, "", segments, 0);
    }

    private static IEnumerable<string> Match(string root, string relative, string[] segments, int index)
    {
        if (index == segments.Length)
        {
            yield return relative;
            yield break;
        }
        var directory = Path.Combine(root, relative);
        if (!Directory.Exists(directory) || IsSymbolicLink(directory))
        {
            yield break;
        }
        var segment = segments[index];
        IEnumerable<string> names = segment.Contains('*', StringComparison.Ordinal) || segment.Contains('?', StringComparison.Ordinal)
            ? new DirectoryInfo(directory).EnumerateFileSystemInfos().Select(e => e.Name).Where(n => Wildcard(segment, n)).Order(StringComparer.Ordinal).ToList()
            : Exists(Path.Combine(directory, segment)) ? [segment] : [];
        foreach (var name in names)
        {
            foreach (var match in Match(root, relative.Length == 0 ? name : $"{relative}/{name}", segments, index + 1))
            {
                yield return match;
            }
        }
    }

    public static bool Wildcard(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }
}
