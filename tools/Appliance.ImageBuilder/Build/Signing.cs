using Appliance.Supervisor.Upgrade;

namespace Appliance.ImageBuilder.Build;

// Who signs this build's update bundle, and which public keys its image trusts (image/README.md, "Signing keys"):
// the signer's own public key, plus every *.pem in --trusted-keys (a key to rotate to). Without --signing-key the
// build signs with a development key it creates once under OUT/signing and reuses on every later build.
internal sealed class Signing
{
    public const string DevelopmentKeyPath = "signing/development-key.pem";

    /// <summary>The file name of the signer's public key in the image's trusted-key directory.</summary>
    public const string SignerKeyName = "signing-key.pem";

    private Signing(string privateKeyPath, bool development, IReadOnlyList<(string Name, string Pem)> trusted)
    {
        PrivateKeyPath = privateKeyPath;
        IsDevelopmentKey = development;
        TrustedKeys = trusted;
    }

    public string PrivateKeyPath { get; }

    public bool IsDevelopmentKey { get; }

    /// <summary>File name and PEM of each public key the image trusts, the signer's first.</summary>
    public IReadOnlyList<(string Name, string Pem)> TrustedKeys { get; }

    public string PrivateKeyPem => File.ReadAllText(PrivateKeyPath);

    public string Fingerprint => BundleSignature.Fingerprint(BundleSignature.PublicKeyDer(System.Text.Encoding.ASCII.GetBytes(TrustedKeys[0].Pem), "the signing key"));

    public static Signing Settle(BuildOptions options, string outputDirectory)
    {
        var development = options.SigningKey is null;
        var path = Path.GetFullPath(options.SigningKey ?? Path.Combine(outputDirectory, DevelopmentKeyPath));
        if (development && !File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + ".new";
            File.WriteAllText(temporary, BundleSignature.NewPrivateKeyPem());
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Move(temporary, path);
        }
        else if (!File.Exists(path))
        {
            throw new BuildException($"--signing-key {path} does not exist");
        }

        var trusted = new List<(string, string)>();
        try
        {
            trusted.Add((SignerKeyName, BundleSignature.PublicKeyPemOf(File.ReadAllText(path))));
        }
        catch (Exception e) when (e is UpgradeException or ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            throw new BuildException($"the signing key {path} is not a PEM EC P-256 private key: {e.Message}");
        }

        if (options.TrustedKeys is { } directory)
        {
            if (!Directory.Exists(directory))
            {
                throw new BuildException($"--trusted-keys {directory} is not a directory");
            }

            foreach (var file in Directory.GetFiles(directory, "*.pem").Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(file);
                var pem = File.ReadAllText(file);
                try
                {
                    BundleSignature.PublicKeyDer(System.Text.Encoding.ASCII.GetBytes(pem), name);
                }
                catch (Exception e) when (e is UpgradeException or FormatException)
                {
                    throw new BuildException($"--trusted-keys: {e.Message}");
                }

                if (name == SignerKeyName)
                {
                    throw new BuildException($"--trusted-keys: {name} is the name of the signer's own key in the image; rename it");
                }

                trusted.Add((name, pem));
            }
        }

        return new Signing(path, development, trusted);
    }

    /// <summary>Says on every build which key signs; a development key loudly.</summary>
    public static void Announce(Signing signing)
    {
        if (signing.IsDevelopmentKey)
        {
            Console.WriteLine(new string('!', 100));
            Console.WriteLine($"!! update bundles are signed with the DEVELOPMENT key {signing.PrivateKeyPath}");
            Console.WriteLine($"!! ({signing.Fingerprint}); images built now trust it. For development only: a box in the field");
            Console.WriteLine("!! must trust only an operator's key (build with --signing-key PATH; image/README.md).");
            Console.WriteLine(new string('!', 100));
        }
        else
        {
            Console.WriteLine($"  update bundles signed with {signing.PrivateKeyPath} ({signing.Fingerprint})");
        }

        if (signing.TrustedKeys.Count > 1)
        {
            Console.WriteLine($"  the image also trusts {string.Join(", ", signing.TrustedKeys.Skip(1).Select(k => k.Name))}");
        }
    }
}
