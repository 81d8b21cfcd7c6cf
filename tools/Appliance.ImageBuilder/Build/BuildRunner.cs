using System.Diagnostics;
using System.Globalization;
using Appliance.ImageBuilder.Host;

namespace Appliance.ImageBuilder.Build;

// Runs a step after its dependencies, skipping every step whose inputs hash to what the last successful run of
// that step recorded (state/<step>.inputs) while its outputs still exist.
internal sealed class BuildRunner(BuildContext context, IReadOnlyDictionary<string, IBuildStep> steps)
{
    private readonly List<StepReport> _reports = [];
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);

    public IReadOnlyList<StepReport> Reports => _reports;

    public void Run(string name)
    {
        if (_done.Contains(name))
        {
            return;
        }
        var step = steps.GetValueOrDefault(name) ?? throw new BuildException($"unknown step '{name}'");
        foreach (var dependency in step.DependsOn)
        {
            Run(dependency);
        }

        string inputs;
        using (var hash = new ContentHash())
        {
            hash.Add("step", step.Name);
            if (step.DependsOnBuilderCode)
            {
                hash.AddFile("builder", typeof(BuildRunner).Assembly.Location);
            }
            step.AddInputs(context, hash);
            inputs = hash.Finish();
        }
        Directory.CreateDirectory(context.StateDirectory);
        var stateFile = Path.Combine(context.StateDirectory, $"{step.Name}.inputs");
        var previous = File.Exists(stateFile) ? File.ReadAllText(stateFile).Trim() : "";
        var stopwatch = Stopwatch.StartNew();
        var cached = !context.Options.Force && previous == inputs && step.OutputsPresent(context);
        if (!cached)
        {
            File.Delete(stateFile);
            Console.WriteLine($"[{step.Name}] running");
            try
            {
                step.Run(context);
            }
            catch (IOException e)
            {
                throw new BuildException($"step {step.Name}: {e.Message}");
            }
            File.WriteAllText(stateFile, inputs + "\n");
        }
        stopwatch.Stop();

        var outputs = step.Outputs(context).Select(p => (p, FileTree.Size(p))).ToList();
        var report = new StepReport(step.Name, cached, stopwatch.Elapsed, outputs);
        _reports.Add(report);
        _done.Add(name);
        Console.WriteLine(Describe(report));
    }

    private string Describe(StepReport report)
    {
        var what = report.Cached ? "cached (inputs unchanged)" : $"{report.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s";
        var sizes = string.Join(", ", report.Outputs.Select(o => $"{Path.GetRelativePath(context.OutputDirectory, o.Path)} {Megabytes(o.Bytes)}"));
        return $"[{report.Name}] {what}: {sizes}";
    }

    public static string Megabytes(long bytes) => $"{(bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture)} MiB";
}
