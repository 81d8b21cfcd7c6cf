using System.Text.Json;

namespace Appliance.Supervisor.Upgrade;

/// <summary>A public key the running image trusts for updates (a PEM file of its trusted-key directory).</summary>
public sealed record TrustedKey(string Name, byte[] PublicKey)
{
    public string Fingerprint => BundleSignature.Fingerprint(PublicKey);

    public override string ToString() => $"{Name} ({Fingerprint})";
}

/// <summary>What a bundle is checked against: the running image and the slot an install would write.</summary>
public sealed record RunningImage(string? Id, string? Version, string ActiveSlot, string TargetSlot, long SlotCapacity, bool AllowDowngrade);

/// <summary>One of the first members of the tar: its content only when it is within <see cref="BundlePolicy.ReadLimit"/>.</summary>
public sealed record HeadMember(string Name, bool Regular, long Length, byte[]? Content);

/// <summary>A payload and where it goes: <see cref="BootPath"/> is null for the root, else "T/vmlinuz" under /boot.</summary>
public sealed record PlannedFile(UpdateFile File, string? BootPath)
{
    public string Describe(string target, string device) =>
        $"{File.Name}: {File.Size} bytes, sha256 {File.Sha256} -> {(BootPath is null ? $"slot {target}'s root ({device})" : $"/boot/{BootPath}")}";
}

/// <summary>A bundle that passed every check of its head: what it would install, signed by whom.</summary>
public sealed record InstallPlan(UpdateManifest Manifest, TrustedKey Key, string TargetSlot, IReadOnlyList<PlannedFile> Files);

/// <summary>Accepted with a plan, or refused with a one-line reason.</summary>
public sealed record BundleVerdict(InstallPlan? Plan, string? Refusal)
{
    public static BundleVerdict Accept(InstallPlan plan) => new(plan, null);

    public static BundleVerdict Refuse(string reason) => new(null, reason);
}

/// <summary>
/// Whether this box accepts an update bundle (image/BOOT.md, "`appliance upgrade BUNDLE`"): pure, bytes and trusted keys in, a
/// verdict out. The signature is checked before anything of the manifest is parsed; the manifest may then only name
/// the target slot's three files, each exactly once. <see cref="PayloadLedger"/> checks the payload that follows.
/// </summary>
public static class BundlePolicy
{
    public const int FormatVersion = 2;

    /// <summary>Kernel and initramfs each; the boot partition holding both slots' is 22 MiB.</summary>
    public const long MaxBootFileBytes = 64L << 20;

    public const string RootTarget = "slot";
    public const string KernelTarget = "boot:/{slot}/vmlinuz";
    public const string InitrdTarget = "boot:/{slot}/initrd.img";

    private static readonly string[] Targets = [RootTarget, KernelTarget, InitrdTarget];

    /// <summary>How many bytes of a head member the reader may hold: 0 for anything that is not a head member.</summary>
    public static int ReadLimit(string name) => name switch
    {
        BundleSignature.ManifestName => BundleSignature.MaxManifestBytes,
        BundleSignature.SignatureName => BundleSignature.MaxSignatureBytes,
        BundleSignature.SignerName => BundleSignature.MaxPublicKeyBytes,
        _ => 0,
    };

    public static BundleVerdict CheckHead(IReadOnlyList<HeadMember> head, IReadOnlyList<TrustedKey> keys, RunningImage box)
    {
        try
        {
            var manifest = Member(head, 0, BundleSignature.ManifestName, "the bundle does not start with manifest.json");
            var signature = Member(head, 1, BundleSignature.SignatureName, "the bundle is not signed: no manifest.json.sig after manifest.json");
            var signer = Member(head, 2, BundleSignature.SignerName, "the bundle does not name its signer: no signer.pem after manifest.json.sig");
            var key = Trusted(BundleSignature.PublicKeyDer(signer, "signer.pem"), keys);
            if (!BundleSignature.Verify(key.PublicKey, manifest, signature))
            {
                return BundleVerdict.Refuse($"bad signature: manifest.json does not verify with {key}; it was changed after signing, or signed by another key");
            }

            return BundleVerdict.Accept(Plan(Parse(manifest), key, box));
        }
        catch (UpgradeException e)
        {
            return BundleVerdict.Refuse(e.Message);
        }
    }

    private static byte[] Member(IReadOnlyList<HeadMember> head, int index, string name, string missing)
    {
        if (index >= head.Count || head[index].Name != name)
        {
            throw new UpgradeException(index < head.Count ? $"{missing} (found {head[index].Name})" : missing);
        }

        var member = head[index];
        if (!member.Regular)
        {
            throw new UpgradeException($"{name} is not a regular file in the bundle");
        }

        return member.Content ?? throw new UpgradeException($"{name} is {member.Length} bytes, over the {ReadLimit(name)} this box reads");
    }

    private static TrustedKey Trusted(byte[] signer, IReadOnlyList<TrustedKey> keys) =>
        keys.FirstOrDefault(k => k.PublicKey.AsSpan().SequenceEqual(signer))
        ?? throw new UpgradeException($"unknown key: the bundle is signed by {BundleSignature.Fingerprint(signer)}, which this image does not trust (it trusts {(keys.Count == 0 ? "no key" : string.Join(", ", keys))})");

    private static UpdateManifest Parse(byte[] manifest)
    {
        try
        {
            return JsonSerializer.Deserialize(manifest, UpgradeJson.Default.UpdateManifest) ?? throw new UpgradeException("manifest.json is null");
        }
        catch (JsonException e)
        {
            throw new UpgradeException($"manifest.json: {e.Message}");
        }
    }

    private static InstallPlan Plan(UpdateManifest manifest, TrustedKey key, RunningImage box)
    {
        if (manifest.Format != FormatVersion)
        {
            throw new UpgradeException($"bundle format {manifest.Format} is not understood (expected {FormatVersion})");
        }

        if (box.Id is not null && manifest.Image != box.Id)
        {
            throw new UpgradeException($"the bundle is for image '{manifest.Image}', this box runs '{box.Id}'");
        }

        CheckVersion(manifest.Version, box);
        var files = new List<PlannedFile>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in manifest.Files ?? [])
        {
            CheckFile(file, names);
            var target = Resolve(file, box);
            if (!targets.TryAdd(target, file.Name))
            {
                throw new UpgradeException($"duplicate target: {targets[target]} and {file.Name} both go to {Describe(target, box.TargetSlot)}");
            }

            var boot = target == RootTarget ? null : target["boot:/".Length..].Replace("{slot}", box.TargetSlot, StringComparison.Ordinal);
            var limit = boot is null ? box.SlotCapacity : MaxBootFileBytes;
            if (file.Size > limit)
            {
                throw new UpgradeException($"{file.Name} is {file.Size} bytes; {Describe(target, box.TargetSlot)} holds at most {limit}");
            }

            files.Add(new PlannedFile(file, boot));
        }

        var missing = Targets.Where(t => !targets.ContainsKey(t)).Select(t => Describe(t, box.TargetSlot)).ToList();
        if (missing.Count > 0)
        {
            throw new UpgradeException($"the bundle has no {string.Join(" and no ", missing)}");
        }

        return new InstallPlan(manifest, key, box.TargetSlot, files);
    }

    private static void CheckVersion(string? version, RunningImage box)
    {
        var offered = ImageVersion.TryParse(version)
            ?? throw new UpgradeException($"the bundle's version '{version}' is not MAJOR.MINOR[.PATCH][-PRERELEASE][+BUILD]");
        if (box.AllowDowngrade)
        {
            return;
        }

        var running = ImageVersion.TryParse(box.Version)
            ?? throw new UpgradeException($"this box's version '{box.Version}' cannot be compared with {version}; --allow-downgrade installs it anyway");
        if (offered.CompareTo(running) < 0)
        {
            throw new UpgradeException($"downgrade: the bundle's version {version} is older than the running {box.Version}; --allow-downgrade installs it anyway");
        }
    }

    private static void CheckFile(UpdateFile file, HashSet<string> names)
    {
        if (file is null)
        {
            throw new UpgradeException("manifest.json: a file entry is null");
        }

        if (string.IsNullOrEmpty(file.Name) || file.Name.Length > 100 || file.Name.Contains('/', StringComparison.Ordinal)
            || file.Name is "." or ".." || ReadLimit(file.Name) > 0 || file.Name == BundleSignature.SumsName)
        {
            throw new UpgradeException($"manifest.json: '{file.Name}' is not a payload name (one tar member name, no '/')");
        }

        if (!names.Add(file.Name))
        {
            throw new UpgradeException($"manifest.json names {file.Name} twice");
        }

        if (file.Size < 0)
        {
            throw new UpgradeException($"{file.Name}: size {file.Size} is negative");
        }

        if (file.Sha256 is not { Length: 64 } || !file.Sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new UpgradeException($"{file.Name}: sha256 '{file.Sha256}' is not 64 lower-case hex digits");
        }
    }

    /// <summary>
    /// The canonical target of a file: one of <see cref="Targets"/>. "{slot}" or the target slot's own name are
    /// the same; nothing else is: no other path, no "..", not the running slot.
    /// </summary>
    private static string Resolve(UpdateFile file, RunningImage box)
    {
        var target = file.Target ?? string.Empty;
        if (target == RootTarget)
        {
            return RootTarget;
        }

        if (target.StartsWith("boot:", StringComparison.Ordinal))
        {
            var path = target.Replace("{slot}", box.TargetSlot, StringComparison.Ordinal);
            foreach (var candidate in new[] { KernelTarget, InitrdTarget })
            {
                if (path == candidate.Replace("{slot}", box.TargetSlot, StringComparison.Ordinal))
                {
                    return candidate;
                }
            }

            if (path.StartsWith($"boot:/{box.ActiveSlot}/", StringComparison.Ordinal))
            {
                throw new UpgradeException($"{file.Name}: target {target} is a file of the running slot {box.ActiveSlot}; a bundle writes only slot {box.TargetSlot}");
            }
        }

        throw new UpgradeException($"{file.Name}: target '{target}' is not one of slot {box.TargetSlot}'s files ({string.Join(", ", Targets)})");
    }

    private static string Describe(string target, string slot) => target switch
    {
        RootTarget => $"root file system for slot {slot}",
        KernelTarget => $"kernel for slot {slot} (/boot/{slot}/vmlinuz)",
        _ => $"initramfs for slot {slot} (/boot/{slot}/initrd.img)",
    };
}
