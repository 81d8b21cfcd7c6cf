using Appliance.ImageBuilder.Build;
using Appliance.ImageBuilder.Definition;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace Appliance.ImageBuilder;

internal static class Program
{
    private const string Usage = """
        usage: appliance-image STEP [options]
          steps: check, kernel, rootfs, squashfs, disk, qcow2, flash, container, update, manifest, all
                 (a step runs the steps it needs first; a step whose inputs are unchanged is skipped)
          --definition PATH      image definition (default image/appliance.toml)
          --appliance PATH       the appliance binary to install (default artifacts/bin/appliance)
          --out DIR              output directory (default artifacts)
          --version V            image version (default: the appliance binary's --version)
          --appliance-version V  do not ask the binary for its version
          --signing-key PATH     PEM EC P-256 private key that signs the update bundle (default: a development
                                 key created once as OUT/signing/development-key.pem)
          --trusted-keys DIR     extra PEM public keys (DIR/*.pem) the image trusts for updates, besides the
                                 signing key's own (a key to rotate to)
          --force                run every step even when cached
          --verbose              show the commands and their output
        """;

    private static readonly string[] StepNames = ["kernel", "rootfs", "squashfs", "disk", "qcow2", "flash", "container", "update", "manifest", "all"];

    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        var step = args[0];
        if (step != "check" && !StepNames.Contains(step))
        {
            Console.Error.WriteLine($"unknown step '{step}'\n{Usage}");
            return 2;
        }
        string definition = "image/appliance.toml", appliance = "artifacts/bin/appliance", output = "artifacts";
        string? version = null, applianceVersion = null, signingKey = null, trustedKeys = null;
        bool force = false, verbose = false;
        for (var i = 1; i < args.Length; i++)
        {
            var option = args[i];
            if (option is "--force" or "--verbose")
            {
                force |= option == "--force";
                verbose |= option == "--verbose";
                continue;
            }
            if (i + 1 >= args.Length || option is not ("--definition" or "--appliance" or "--out" or "--version" or "--appliance-version" or "--signing-key" or "--trusted-keys"))
            {
                Console.Error.WriteLine($"unknown option or missing value: {option}\n{Usage}");
                return 2;
            }
            var value = args[++i];
            switch (option)
            {
                case "--definition": definition = value; break;
                case "--appliance": appliance = value; break;
                case "--out": output = value; break;
                case "--version": version = value; break;
                case "--signing-key": signingKey = value; break;
                case "--trusted-keys": trustedKeys = value; break;
                default: applianceVersion = value; break;
            }
        }

        if (step == "check")
        {
            var loaded = DefinitionLoader.Load(definition);
            foreach (var error in loaded.Errors)
            {
                Console.Error.WriteLine(error);
            }
            Console.WriteLine(loaded.Definition is null ? $"{definition}: rejected" : $"{definition}: ok");
            return loaded.Definition is null ? 1 : 0;
        }
        try
        {
            var started = DateTime.UtcNow;
            var result = ImageBuild.Run(new BuildOptions(definition, appliance, output, version, force, verbose, signingKey, trustedKeys), step, applianceVersion);
            Console.WriteLine($"[{step}] done in {(DateTime.UtcNow - started).TotalSeconds:0.0} s, image version {result.Context.Version}");
            return 0;
        }
        catch (BuildException e)
        {
            Console.Error.WriteLine($"image build failed: {e.Message}");
            return 1;
        }
    }
}
