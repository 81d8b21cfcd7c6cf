using System.Text.RegularExpressions;
using Appliance.ImageBuilder.Definition;
using Appliance.ImageBuilder.Host;
using Appliance.ImageBuilder.Steps;

namespace Appliance.ImageBuilder.Build;

internal sealed record BuildResult(BuildContext Context, IReadOnlyList<StepReport> Reports);

// One build: load and check the definition, settle the versions, run the step and what it needs.
internal static partial class ImageBuild
{
    public static BuildResult Run(BuildOptions options, string step, string? applianceVersion = null)
    {
        var loaded = DefinitionLoader.Load(options.DefinitionPath);
        if (loaded.Definition is null)
        {
            throw new BuildException(string.Join('\n', loaded.Errors));
        }
        if (!IsRoot())
        {
            throw new BuildException("the image build needs root (mmdebstrap --mode=root, chroot, a loop mount for extlinux --install)");
        }
        Exec.Verbose = options.Verbose;
        applianceVersion ??= AskVersion(Path.GetFullPath(options.ApplianceBinary));
        var version = options.Version ?? (applianceVersion != "unknown" ? applianceVersion : "0.0.0-dev");
        var context = new BuildContext(options, loaded.Definition, loaded.BaseDirectory, UnsafeVersionCharacters().Replace(version, "_"), applianceVersion);
        Signing.Announce(context.Signing);
        var runner = new BuildRunner(context, Steps(loaded.Definition));
        runner.Run(step == "all" ? "manifest" : step);
        return new BuildResult(context, runner.Reports);
    }

    public static Dictionary<string, IBuildStep> Steps(ImageDefinition definition)
    {
        var formatSteps = DefinitionValidator.Formats.Where(definition.Outputs.Formats.Contains).ToList();
        IBuildStep[] steps =
        [
            new PackagesStep(), new KernelPackageStep(), new KernelStep(), new RootfsStep(), new SquashfsStep(),
            new DiskStep(), new Qcow2Step(), new FlashStep(), new ContainerStep(), new UpdateStep(),
            new ManifestStep { FormatSteps = formatSteps },
        ];
        return steps.ToDictionary(s => s.Name, StringComparer.Ordinal);
    }

    // The contract with the appliance binary: `appliance --version` prints its version as the last word of the
    // first line and exits 0.
    private static string AskVersion(string binary)
    {
        if (!File.Exists(binary))
        {
            return "unknown";
        }
        var result = Exec.TryRun(binary, ["--version"], timeout: TimeSpan.FromSeconds(5));
        var first = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return result.ExitCode == 0 && first is not null ? first.Split(' ')[^1] : "unknown";
    }

    private static bool IsRoot() =>
        File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))
            ?.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0";

    [GeneratedRegex("[^A-Za-z0-9.+_-]")]
    private static partial Regex UnsafeVersionCharacters();
}
