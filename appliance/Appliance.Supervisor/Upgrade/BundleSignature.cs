using System.Security.Cryptography;
using System.Text;

namespace Appliance.Supervisor.Upgrade;

/// <summary>
/// The signature of an update bundle (image/BOOT.md): ECDSA over NIST P-256 with SHA-256, of the exact bytes of
/// manifest.json, DER-encoded as `openssl dgst -sha256 -sign KEY.pem` writes it, so an operator can check a bundle
/// with openssl alone. Keys are PEM: the private key PKCS#8 or SEC1 (`openssl genpkey`/`ecparam`), public keys
/// SubjectPublicKeyInfo (`openssl pkey -pubout`). The image build signs with this file too (it is linked into
/// tools/Appliance.ImageBuilder): one implementation of the format on both sides.
/// </summary>
public static class BundleSignature
{
    public const string ManifestName = "manifest.json";
    public const string SignatureName = "manifest.json.sig";
    public const string SignerName = "signer.pem";
    public const string SumsName = "SHA256SUMS";

    /// <summary>Where the image keeps the public keys its `appliance upgrade` trusts (on the read-only root).</summary>
    public const string TrustedKeysDirectory = "/usr/share/appliance/update-keys";

    /// <summary>A manifest names three files in a few hundred bytes; 64 KiB is generous and still cheap to hold.</summary>
    public const int MaxManifestBytes = 64 * 1024;

    /// <summary>A DER ECDSA P-256 signature is at most 72 bytes.</summary>
    public const int MaxSignatureBytes = 256;

    /// <summary>A P-256 public key in PEM is 178 bytes.</summary>
    public const int MaxPublicKeyBytes = 4096;

    private const string P256Oid = "1.2.840.10045.3.1.7";

    /// <summary>Signs <paramref name="manifest"/>; returns the DER signature and the signer's public key in PEM.</summary>
    public static (byte[] Signature, string SignerPem) Sign(ReadOnlySpan<byte> manifest, string privateKeyPem)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(privateKeyPem);
        RequireP256(key, "the signing key");
        return (key.SignData(manifest, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence), key.ExportSubjectPublicKeyInfoPem());
    }

    /// <summary>A new P-256 private key in PKCS#8 PEM (the development key of a build).</summary>
    public static string NewPrivateKeyPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>The public key (SubjectPublicKeyInfo PEM) of a private key in PEM.</summary>
    public static string PublicKeyPemOf(string privateKeyPem)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(privateKeyPem);
        RequireP256(key, "the signing key");
        return key.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>
    /// The DER SubjectPublicKeyInfo of the single "PUBLIC KEY" block of <paramref name="pem"/>, or the reason it is
    /// not a P-256 public key.
    /// </summary>
    public static byte[] PublicKeyDer(ReadOnlySpan<byte> pem, string what)
    {
        var text = Encoding.ASCII.GetString(pem);
        if (!PemEncoding.TryFind(text, out var fields) || text[fields.Label] != "PUBLIC KEY")
        {
            throw new UpgradeException($"{what} is not a PEM public key (-----BEGIN PUBLIC KEY-----)");
        }

        if (PemEncoding.TryFind(text.AsSpan(fields.Location.End.Value), out _))
        {
            throw new UpgradeException($"{what} holds more than one PEM block");
        }

        var der = Convert.FromBase64String(text[fields.Base64Data]);
        using var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(der, out var read);
            if (read != der.Length)
            {
                throw new UpgradeException($"{what} has bytes after its public key");
            }
        }
        catch (Exception e) when (e is CryptographicException or PlatformNotSupportedException)
        {
            // OpenSSL refuses a curve it does not know (a mangled OID) with PlatformNotSupportedException: found by
            // tools/fuzz.sh (bundle), a signer.pem naming curve 1.2.863.10045.3.1.7.
            throw new UpgradeException($"{what} is not an EC public key: {e.Message}");
        }

        RequireP256(key, what);
        return der;
    }

    /// <summary>How keys are named in messages and documentation: sha256 of the DER public key, as `openssl pkey
    /// -pubin -outform DER | sha256sum` prints it.</summary>
    public static string Fingerprint(ReadOnlySpan<byte> publicKeyDer) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(publicKeyDer));

    public static bool Verify(byte[] publicKeyDer, ReadOnlySpan<byte> manifest, ReadOnlySpan<byte> signature)
    {
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(publicKeyDer, out _);
        return key.VerifyData(manifest, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    private static void RequireP256(ECDsa key, string what)
    {
        var curve = key.ExportParameters(includePrivateParameters: false).Curve;
        // OpenSSL names the curve by OID or by one of its aliases, depending on how the key was encoded.
        var p256 = curve.Oid.Value == P256Oid || curve.Oid.FriendlyName is "nistP256" or "ECDSA_P256" or "secp256r1" or "prime256v1";
        if (key.KeySize != 256 || !p256)
        {
            throw new UpgradeException($"{what} is not a NIST P-256 key (curve {curve.Oid.FriendlyName ?? curve.Oid.Value}, {key.KeySize} bits)");
        }
    }
}
