namespace Appliance.ImageBuilder.Host;

// A path inside a root file system as the image will see it: symbolic links are followed relative to the image
// root, never to the build machine's. The build runs as root, so "/lib -> /usr/lib" followed naively would
// write into the build machine's own /usr/lib.
internal static class RootPath
{
    private const int MaxLinks = 40;

    public static string Resolve(string root, string path)
    {
        var resolved = new List<string>();
        var pending = new Stack<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }
                continue;
            }
            var candidate = Path.Combine(root, Path.Combine([.. resolved, part]));
            var target = new FileInfo(candidate).LinkTarget;
            if (target is null)
            {
                resolved.Add(part);
                continue;
            }
            if (++links > MaxLinks)
            {
                throw new BuildException($"too many symbolic links resolving {path} in {root}");
            }
            if (target.StartsWith('/'))
            {
                resolved.Clear();
            }
            foreach (var next in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
            {
                pending.Push(next);
            }
        }
        return resolved.Count == 0 ? root : Path.Combine(root, Path.Combine([.. resolved]));
    }

    // Resolves the parent and keeps the last component as it is: the path of a link itself, not of its target.
    public static string ResolveParent(string root, string path)
    {
        var trimmed = path.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        var parent = Resolve(root, slash <= 0 ? "/" : trimmed[..slash]);
        return Path.Combine(parent, trimmed[(slash + 1)..]);
    }
}
