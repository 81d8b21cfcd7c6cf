using System.Formats.Tar;
using System.Security.Cryptography;

namespace Appliance.Supervisor.Upgrade;

/// <summary>
/// The I/O edge of bundle verification: reads the tar with bounds (a head member only within its limit, a payload
/// never past its signed size + 1 byte), hashes, and asks <see cref="BundlePolicy"/> and <see cref="PayloadLedger"/>
/// for the verdict. Reads only; a refusal is an <see cref="UpgradeException"/>.
/// </summary>
public static class BundleReader
{
    private const int MaxKeyFiles = 64;

    /// <summary>Reads the whole bundle; returns the plan only when every check passed.</summary>
    public static InstallPlan Verify(string path, IReadOnlyList<TrustedKey> keys, RunningImage box)
    {
        using var stream = File.OpenRead(path);
        return Verify(stream, path, keys, box);
    }

    /// <summary>The same, from a stream (the fuzz harness reads bundles from memory); <paramref name="path"/> names it in refusals.</summary>
    public static InstallPlan Verify(Stream stream, string path, IReadOnlyList<TrustedKey> keys, RunningImage box)
    {
        return Tar(path, () =>
        {
            using var reader = new TarReader(stream);
            var head = new List<HeadMember>();
            while (head.Count < 3 && reader.GetNextEntry() is { } entry)
            {
                head.Add(ReadHead(entry));
            }

            if (head.Count == 0)
            {
                throw new UpgradeException("the bundle is empty: not a tar archive, or nothing in it");
            }

            var verdict = BundlePolicy.CheckHead(head, keys, box);
            var plan = verdict.Plan ?? throw new UpgradeException(verdict.Refusal!);
            var ledger = new PayloadLedger(plan);
            while (reader.GetNextEntry() is { } entry)
            {
                var (file, refusal) = ledger.Begin(entry.Name, IsRegular(entry), entry.Length);
                Refuse(refusal);
                if (file is not null)
                {
                    var (sha256, read) = Hash(entry.DataStream, file.File.Size);
                    Refuse(ledger.Hashed(file, sha256, read));
                }
            }

            Refuse(ledger.End());
            return plan;
        });
    }

    /// <summary>
    /// Runs a tar reading; a damaged or truncated archive is a refusal, not an exception of the tar reader. Found by
    /// tools/fuzz.sh (bundle): the reader also refuses entry types it does not implement (GNU sparse files) with
    /// NotSupportedException, and an extended-attributes header whose size field is beyond what it will read with
    /// InvalidOperationException. A bundle holds neither, so both are damage too.
    /// </summary>
    public static T Tar<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or FormatException or ArgumentException or OverflowException or NotSupportedException or InvalidOperationException)
        {
            throw new UpgradeException($"{Path.GetFileName(path)} is not a complete tar archive (truncated or damaged): {e.Message}");
        }
    }

    public static bool IsRegular(TarEntry entry) => entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile;

    /// <summary>The public keys in <paramref name="directory"/>/*.pem; a file that is not one is an error, not skipped.</summary>
    public static IReadOnlyList<TrustedKey> LoadTrustedKeys(string directory = BundleSignature.TrustedKeysDirectory)
    {
        var files = Directory.Exists(directory) ? Directory.GetFiles(directory, "*.pem").Order(StringComparer.Ordinal).ToList() : [];
        if (files.Count == 0)
        {
            throw new UpgradeException($"this image trusts no update key ({directory}/*.pem): it cannot verify any bundle");
        }

        if (files.Count > MaxKeyFiles)
        {
            throw new UpgradeException($"{directory} holds {files.Count} keys, more than {MaxKeyFiles}");
        }

        return files.Select(file =>
        {
            var name = Path.GetFileName(file);
            if (new FileInfo(file).Length > BundleSignature.MaxPublicKeyBytes)
            {
                throw new UpgradeException($"trusted key {file} is over {BundleSignature.MaxPublicKeyBytes} bytes");
            }

            return new TrustedKey(name, BundleSignature.PublicKeyDer(File.ReadAllBytes(file), $"trusted key {file}"));
        }).ToList();
    }

    /// <summary>ID and VERSION_ID of an os-release file (null when absent).</summary>
    public static (string? Id, string? Version) ReadOsRelease(string path = "/etc/os-release")
    {
        if (!File.Exists(path))
        {
            return (null, null);
        }

        var values = File.ReadLines(path).Take(64)
            .Select(l => l.Split('=', 2))
            .Where(f => f.Length == 2)
            .GroupBy(f => f[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1].Trim().Trim('"'), StringComparer.Ordinal);
        return (values.GetValueOrDefault("ID"), values.GetValueOrDefault("VERSION_ID"));
    }

    /// <summary>
    /// sha256 of at most <paramref name="size"/> + 1 bytes of a tar member (one more says it is too long), and how
    /// many there were. A read-back from a device larger than the file (<paramref name="prefix"/>) reads exactly
    /// <paramref name="size"/>.
    /// </summary>
    public static (string Sha256, long Read) Hash(Stream? data, long size, Stream? copyTo = null, bool prefix = false)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        var limit = prefix ? size : size + 1;
        long total = 0;
        while (data is not null && total < limit)
        {
            var read = data.Read(buffer, 0, (int)Math.Min(buffer.Length, limit - total));
            if (read == 0)
            {
                break;
            }

            total += read;
            if (total > size)
            {
                break; // one byte too many says enough; it is neither hashed nor written
            }

            sha.AppendData(buffer, 0, read);
            copyTo?.Write(buffer, 0, read);
        }

        return (Convert.ToHexStringLower(sha.GetHashAndReset()), total);
    }

    private static HeadMember ReadHead(TarEntry entry)
    {
        if (!IsRegular(entry) || entry.Length > BundlePolicy.ReadLimit(entry.Name))
        {
            return new HeadMember(entry.Name, IsRegular(entry), entry.Length, null);
        }

        var content = new byte[entry.Length];
        var read = entry.DataStream?.ReadAtLeast(content, content.Length, throwOnEndOfStream: false) ?? 0;
        if (read < content.Length)
        {
            throw new UpgradeException($"{entry.Name}: the bundle ends after {read} of its {content.Length} bytes (truncated)");
        }

        return new HeadMember(entry.Name, true, entry.Length, content);
    }

    private static void Refuse(string? refusal)
    {
        if (refusal is not null)
        {
            throw new UpgradeException(refusal);
        }
    }
}
