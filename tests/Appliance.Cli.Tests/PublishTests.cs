using System.Text.RegularExpressions;

namespace Appliance.Cli.Tests;

/// <summary>NativeAOT is the product: a publish with any trim or AOT warning is a failed build.</summary>
public sealed partial class PublishTests
{
    [Fact]
    public void Native_publish_has_no_warnings_at_all()
    {
        var scratch = Directory.CreateTempSubdirectory("appliance-publish-");
        try
        {
            var result = Publisher.Publish(Path.Combine(scratch.FullName, "out"), Path.Combine(scratch.FullName, "artifacts"));

            var warnings = WarningLine().Matches(result.Output).Select(m => m.Value.Trim()).Distinct().ToList();
            Assert.True(result.ExitCode == 0, $"publish failed:\n{result.Output}");
            Assert.True(warnings.Count == 0, $"{warnings.Count} warnings:\n{string.Join('\n', warnings)}");
            var binary = new FileInfo(Path.Combine(scratch.FullName, "out", "appliance"));
            Assert.True(binary.Exists);
            Assert.InRange(binary.Length, 1_000_000, 24_000_000);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"^.*\bwarning\s+[A-Z]+\d+.*$", RegexOptions.Multiline)]
    private static partial Regex WarningLine();
}
