using System.Security.Cryptography;
using System.Text;

namespace Appliance.ImageBuilder.Host;

// SHA-256 over what a build step reads: parameters as text, files by content, trees by names, modes, link
// targets and contents. Equal hash, equal step output, so the step can be skipped.
internal sealed class ContentHash : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public ContentHash Add(string label, string value)
    {
        Append($"{label}={value.Length}:{value}\n");
        return this;
    }

    public ContentHash AddFile(string label, string path)
    {
        Append($"file {label}\n");
        using var stream = File.OpenRead(path);
        var buffer = new byte[1 << 20];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            _hash.AppendData(buffer, 0, read);
        }
        return this;
    }

    public ContentHash AddTree(string label, string root)
    {
        Append($"tree {label}\n");
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
        var entries = new DirectoryInfo(root).EnumerateFileSystemInfos("*", options)
            .OrderBy(e => Path.GetRelativePath(root, e.FullName), StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var relative = Path.GetRelativePath(root, entry.FullName);
            if (entry.LinkTarget is { } link)
            {
                Append($"l {relative} -> {link}\n");
            }
            else if (entry is DirectoryInfo)
            {
                Append($"d {relative} {(int)entry.UnixFileMode}\n");
            }
            else
            {
                Append($"f {relative} {(int)entry.UnixFileMode}\n");
                AddFile(relative, entry.FullName);
            }
        }
        return this;
    }

    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public void Dispose() => _hash.Dispose();

    private void Append(string text) => _hash.AppendData(Encoding.UTF8.GetBytes(text));
}
