using Appliance.ImageBuilder.Build;
using Appliance.ImageBuilder.Host;

namespace Appliance.ImageBuilder.Steps;

internal sealed class Qcow2Step : IBuildStep
{
    public const string FileName = "disk.qcow2";

    public string Name => "qcow2";

    public IReadOnlyList<string> DependsOn => ["disk"];

    public void AddInputs(BuildContext context, ContentHash hash) =>
        hash.AddFile("disk", context.Image(DiskStep.FileName)).Add("compressed", context.Definition.Outputs.Qcow2Compressed.ToString());

    public IReadOnlyList<string> Outputs(BuildContext context) => [context.Image(FileName)];

    public void Run(BuildContext context)
    {
        var output = context.Image(FileName);
        File.Delete(output);
        var arguments = new List<string> { "convert", "-f", "raw", "-O", "qcow2" };
        if (context.Definition.Outputs.Qcow2Compressed)
        {
            arguments.Add("-c");
        }
        arguments.AddRange([context.Image(DiskStep.FileName), output]);
        Exec.Run("qemu-img", arguments);
    }
}
