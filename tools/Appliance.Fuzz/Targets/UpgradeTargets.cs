using System.Security.Cryptography;
using System.Text;
using Appliance.Supervisor.Upgrade;

namespace Appliance.Fuzz;

/// <summary>
/// Update bundles as <c>appliance upgrade</c> checks them. A refusal is an <see cref="UpgradeException"/> (from
/// <see cref="BundleReader"/>) or a <see cref="BundleVerdict"/> with a reason (from <see cref="BundlePolicy"/>);
/// anything else is a crash. The signature comes before the manifest is parsed, so the manifest target signs each
/// input with <see cref="FuzzKey"/>, which the target's box trusts: the fuzzer's bytes reach the JSON and the plan.
/// </summary>
internal static class UpgradeTargets
{
    private static readonly RunningImage Box = new("appliance", "1.2.0", ActiveSlot: "A", TargetSlot: "B", SlotCapacity: 16 << 20, AllowDowngrade: false);

    /// <summary>The bytes of manifest.json, signed and checked by <see cref="BundlePolicy.CheckHead"/>.</summary>
    public static void Manifest(ReadOnlySpan<byte> manifest)
    {
        var content = manifest.ToArray();
        var head = new List<HeadMember>
        {
            new(BundleSignature.ManifestName, true, content.Length, content),
            new(BundleSignature.SignatureName, true, 0, FuzzKey.Sign(content)),
            new(BundleSignature.SignerName, true, FuzzKey.PublicPem.Length, FuzzKey.PublicPem),
        };
        var verdict = BundlePolicy.CheckHead(head, FuzzKey.Trusted, Box);
        FuzzFinding.Require((verdict.Plan is null) != (verdict.Refusal is null), "a verdict is a plan or a refusal");
    }

    /// <summary>A whole bundle (a tar) through <see cref="BundleReader.Verify(Stream, string, IReadOnlyList{TrustedKey}, RunningImage)"/>.</summary>
    public static void Bundle(ReadOnlySpan<byte> tar)
    {
        try
        {
            BundleReader.Verify(new MemoryStream(tar.ToArray(), writable: false), "fuzz.bundle", FuzzKey.Trusted, Box);
        }
        catch (UpgradeException)
        {
            // The documented refusal.
        }
    }
}

/// <summary>
/// The fuzzing key: a P-256 key made for this harness and trusted by nothing but its targets (the seed bundle of
/// tools/Appliance.Fuzz/corpus/bundle is signed with it, so mutations of the payload pass the signature).
/// </summary>
internal static class FuzzKey
{
    private const string PrivatePem = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgTuAJ//yMzN11OIht
        NqQkbYtCzuMJIdBqN4rJKEs1+AOhRANCAASrz8o5ixKdBTAlhre3zh+qdck2MhWL
        9DxmR2mTD0aEB/Hoh9i/xI33W8LXunK65weQcVYHmJKHFLYBQe611oze
        -----END PRIVATE KEY-----
        """;

    private static readonly ECDsa Key = Load();

    public static readonly byte[] PublicPem = Encoding.ASCII.GetBytes(Key.ExportSubjectPublicKeyInfoPem());

    public static readonly IReadOnlyList<TrustedKey> Trusted = [new("fuzz.pem", BundleSignature.PublicKeyDer(PublicPem, "fuzz.pem"))];

    public static byte[] Sign(byte[] manifest) => Key.SignData(manifest, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    private static ECDsa Load()
    {
        var key = ECDsa.Create();
        key.ImportFromPem(PrivatePem);
        return key;
    }
}
