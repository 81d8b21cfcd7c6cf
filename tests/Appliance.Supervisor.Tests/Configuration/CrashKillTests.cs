using System.Diagnostics;
using System.Runtime.Versioning;
using Appliance.Supervisor.CrashWriter;
using Xunit.Abstractions;

using Appliance.Config;
using Appliance.Supervisor.Configuration;

namespace Appliance.Supervisor.Tests.Configuration;

/// <summary>
/// A real writer process, SIGKILLed at random moments while it rewrites the file: afterwards the file is always
/// one complete version. (A kill loses no page cache, so this proves atomicity against process death; durability
/// against power loss rests on the fsyncs, which the step-failure test orders.)
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class CrashKillTests(ITestOutputHelper output) : IDisposable
{
    private const int Rounds = 25;
    private readonly string _directory = Directory.CreateTempSubdirectory("appliance-config-crash-").FullName;
    private Process? _writer;

    public void Dispose()
    {
        if (_writer is { HasExited: false })
        {
            _writer.Kill();
            _writer.WaitForExit();
        }

        _writer?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void A_writer_killed_at_random_moments_leaves_one_complete_version()
    {
        var path = Path.Combine(_directory, "appliance.ini");
        var versions = Enumerable.Range(0, CrashVersions.Count).Select(CrashVersions.Text).ToHashSet();
        new ConfigStore(path).WriteAtomic(CrashVersions.Text(0));
        var random = new Random(12345);
        var killedMidWrite = 0;
        for (var round = 0; round < Rounds; round++)
        {
            _writer = StartWriter(path);
            Assert.Equal("ready", _writer.StandardOutput.ReadLine());
            Thread.Sleep(random.Next(0, 40));
            _writer.Kill(); // SIGKILL
            Assert.True(_writer.WaitForExit(10_000));
            _writer.Dispose();
            _writer = null;

            Assert.True(File.Exists(path), $"round {round}: the file is missing");
            Assert.Contains(File.ReadAllText(path), versions);
            Assert.Contains(File.ReadAllText(path + ".last-good"), versions);
            if (Directory.GetFiles(_directory, "*.tmp.*").Length > 0)
            {
                killedMidWrite++;
            }
        }

        output.WriteLine($"{Rounds} kills, {killedMidWrite} of them left a temp file behind (killed inside a write)");
        Assert.True(killedMidWrite > 0, "no kill landed inside a write: the test proved nothing");
    }

    private static Process StartWriter(string path)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var dll = Path.Combine(AppContext.BaseDirectory, "Appliance.Supervisor.CrashWriter.dll");
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add(path);
        start.ArgumentList.Add("20");
        return Process.Start(start)!;
    }
}
