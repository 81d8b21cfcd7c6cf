namespace Appliance.Supervisor.Upgrade;

/// <summary>
/// The tar members after a bundle's head, checked against its signed plan: pure, member headers and digests in, a
/// refusal out (null: go on). Every payload must appear exactly once, as a regular file of the size the manifest
/// says, with its digest; SHA256SUMS may appear once and is not trusted; nothing else may be in the bundle.
/// </summary>
public sealed class PayloadLedger
{
    /// <summary>manifest, signature, signer, SHA256SUMS and three payloads; anything much longer is not a bundle.</summary>
    public const int MaxMembers = 16;

    private readonly Dictionary<string, PlannedFile> _pending;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private int _members;

    public PayloadLedger(InstallPlan plan) => _pending = plan.Files.ToDictionary(f => f.File.Name, StringComparer.Ordinal);

    /// <summary>
    /// A member's header. Returns the file to hash (null: skip the member) or a refusal.
    /// </summary>
    public (PlannedFile? File, string? Refusal) Begin(string name, bool regular, long length)
    {
        if (++_members > MaxMembers)
        {
            return (null, $"the bundle has more than {MaxMembers} members after its head");
        }

        if (!_seen.Add(name))
        {
            return (null, $"{name} appears twice in the bundle");
        }

        if (name == BundleSignature.SumsName)
        {
            return (null, null); // for shell tools; the box checks the signed manifest's digests instead
        }

        if (!_pending.TryGetValue(name, out var file))
        {
            return (null, $"the bundle holds {name}, which the signed manifest does not name");
        }

        if (!regular)
        {
            return (null, $"{name} is not a regular file in the bundle");
        }

        if (length != file.File.Size)
        {
            return (null, $"{name} is {length} bytes in the bundle, the signed manifest says {file.File.Size}");
        }

        return (file, null);
    }

    /// <summary>What reading a payload found: <paramref name="read"/> bytes, of which at most size + 1 were read.</summary>
    public string? Hashed(PlannedFile file, string sha256, long read)
    {
        var name = file.File.Name;
        if (read < file.File.Size)
        {
            return $"{name}: the bundle ends after {read} of its {file.File.Size} bytes (truncated)";
        }

        if (read > file.File.Size)
        {
            return $"{name} is longer than the signed manifest's {file.File.Size} bytes";
        }

        if (!string.Equals(sha256, file.File.Sha256, StringComparison.Ordinal))
        {
            return $"{name}: sha256 {sha256} does not match the signed manifest's {file.File.Sha256}";
        }

        _pending.Remove(name);
        return null;
    }

    /// <summary>The end of the tar: every payload must have been seen.</summary>
    public string? End() =>
        _pending.Count == 0 ? null : $"the bundle lacks {string.Join(", ", _pending.Keys.Order(StringComparer.Ordinal))} (truncated?)";
}
