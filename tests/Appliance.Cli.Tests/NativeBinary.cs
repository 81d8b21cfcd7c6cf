using System.Diagnostics;

namespace Appliance.Cli.Tests;

/// <summary>
/// The NativeAOT binary under test: the one build.cake published (APPLIANCE_BINARY), or, when a developer runs the
/// tests alone, one published here on first use.
/// </summary>
internal static class NativeBinary
{
    private static readonly Lazy<string> LazyPath = new(Locate);

    public static string Path => LazyPath.Value;

    public static ProcessResult Run(params string[] args) => RunWithInput(null, args);

    public static ProcessResult RunWithInput(string? stdin, params string[] args)
    {
        var info = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"appliance {string.Join(' ', args)} did not exit within 30 s");
        }

        return new ProcessResult(process.ExitCode, output.Result, errors.Result);
    }

    private static string Locate()
    {
        var fromBuild = Environment.GetEnvironmentVariable("APPLIANCE_BINARY");
        if (!string.IsNullOrEmpty(fromBuild))
        {
            return File.Exists(fromBuild) ? fromBuild : throw new FileNotFoundException($"APPLIANCE_BINARY={fromBuild} does not exist");
        }

        var output = System.IO.Path.Combine(Repository.Root, "artifacts", "test-bin");
        var publish = Publisher.Publish(output, artifactsPath: null);
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed:\n{publish.Output}");
        }

        return System.IO.Path.Combine(output, "appliance");
    }
}

internal sealed record ProcessResult(int ExitCode, string Output, string Errors);

internal static class Publisher
{
    /// <summary>Publishes the binary as build.cake does, but with warnings left as warnings so they can be listed.</summary>
    public static ProcessResult Publish(string outputDirectory, string? artifactsPath)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        };
        foreach (var arg in new[]
        {
            "publish", "appliance/Appliance.Cli/Appliance.Cli.csproj", "-c", "Release", "-r", "linux-x64",
            "-p:PublishAot=true", "-p:TreatWarningsAsErrors=false", "-o", outputDirectory, "-nologo", "-clp:NoSummary",
        })
        {
            info.ArgumentList.Add(arg);
        }

        if (artifactsPath is not null)
        {
            info.ArgumentList.Add("--artifacts-path");
            info.ArgumentList.Add(artifactsPath);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, output.Result + errors.Result, string.Empty);
    }
}
