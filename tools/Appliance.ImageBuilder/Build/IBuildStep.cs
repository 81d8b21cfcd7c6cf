using Appliance.ImageBuilder.Host;

namespace Appliance.ImageBuilder.Build;

// One build step: what it reads (hashed to decide whether to run), what it writes, and the work itself.
internal interface IBuildStep
{
    string Name { get; }

    // Steps whose outputs this one reads; they run (or are found cached) first.
    IReadOnlyList<string> DependsOn { get; }

    void AddInputs(BuildContext context, ContentHash hash);

    // Whether a change of this program's code invalidates the step's output. Off only for the steps that just
    // fetch packages, so that working on the builder does not download them again.
    bool DependsOnBuilderCode => true;

    IReadOnlyList<string> Outputs(BuildContext context);

    // Outputs can exist on disk and still be gone (a docker image removed from the daemon).
    bool OutputsPresent(BuildContext context) => Outputs(context).All(FileTree.Exists);

    void Run(BuildContext context);
}
