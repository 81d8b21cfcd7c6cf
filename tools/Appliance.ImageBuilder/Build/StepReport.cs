namespace Appliance.ImageBuilder.Build;

internal sealed record StepReport(string Name, bool Cached, TimeSpan Duration, IReadOnlyList<(string Path, long Bytes)> Outputs);
