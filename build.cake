#load "image/image.cake"
#load "packaging/deb.cake"

// Every build step, from restore to a bootable image. Run through ./build.sh, which bootstraps the machine first.
//   ./build.sh                      the main job (see README): native binary and image, then the demos
//   ./build.sh --target=Test        the whole test suite, as CI runs it
//   ./build.sh --target=Publish     the NativeAOT binary only, in artifacts/bin/appliance
//   ./build.sh --target=Deb         the Debian package, in artifacts/deb (packaging/deb.cake)
//   ./build.sh --target=Fuzz        the short fuzz campaign (tools/fuzz.sh --seconds 5), which Test also runs

var target = Argument("target", "Default");
var configuration = Argument("configuration", "Release");
var root = MakeAbsolute(Directory("."));
var artifacts = root.Combine("artifacts");
var applianceBinary = artifacts.Combine("bin").CombineWithFilePath("appliance");

// Test projects in the order they run: fast and pure first, then the ones that boot real processes, kernels and VMs.
// They run one after the other so that timing-sensitive lab tests do not share two cores with each other.
var testProjects = new[]
{
    "tests/Appliance.Vrrp.Tests",
    "tests/Appliance.Config.Tests",
    "tests/Appliance.Logging.Tests",
    "tests/Appliance.Linux.Tests",
    "tests/Appliance.Supervisor.Tests",
    "tests/Appliance.Cli.Tests",
    "tests/Appliance.Console.Tests",
    "tests/Appliance.Integration.Tests",
    "tests/Appliance.Image.Tests",
};

Task("Clean").Does(() =>
{
    CleanDirectories("./appliance/**/bin");
    CleanDirectories("./appliance/**/obj");
    CleanDirectories("./tests/**/bin");
    CleanDirectories("./tests/**/obj");
    CleanDirectories("./tools/**/bin");
    CleanDirectories("./tools/**/obj");
    CleanDirectory(artifacts);
});

Task("Restore").Does(() =>
{
    DotNetRestore("Appliance.sln");
});

Task("Build").IsDependentOn("Restore").Does(() =>
{
    DotNetBuild("Appliance.sln", new DotNetBuildSettings
    {
        Configuration = configuration,
        NoRestore = true,
    });
});

// The product: one NativeAOT binary. Warnings are errors here too, so a trim or AOT warning fails the build.
Task("Publish").IsDependentOn("Restore").Does(() =>
{
    DotNetPublish("appliance/Appliance.Cli/Appliance.Cli.csproj", new DotNetPublishSettings
    {
        Configuration = "Release",
        Runtime = "linux-x64",
        OutputDirectory = applianceBinary.GetDirectory(),
        MSBuildSettings = new DotNetMSBuildSettings()
            .WithProperty("PublishAot", "true")
            .WithProperty("TreatWarningsAsErrors", "true"),
    });
    var size = new System.IO.FileInfo(applianceBinary.FullPath).Length;
    Information($"{applianceBinary}: {size / 1024.0 / 1024.0:0.00} MiB");
});

// Deb: the image tests install the package on a Debian host booted with systemd.
Task("Test").IsDependentOn("Build").IsDependentOn("Publish").IsDependentOn("Deb").Does(() =>
{
    var failures = new List<string>();
    foreach (var project in testProjects)
    {
        try
        {
            DotNetTest(project, new DotNetTestSettings
            {
                Configuration = configuration,
                NoBuild = true,
                NoRestore = true,
                Loggers = new[] { "console;verbosity=normal", $"trx;LogFileName={System.IO.Path.GetFileName(project)}.trx" },
                ResultsDirectory = artifacts.Combine("test-results"),
                EnvironmentVariables = new Dictionary<string, string>
                {
                    ["APPLIANCE_BINARY"] = applianceBinary.FullPath,
                },
                ArgumentCustomization = args => args.Append("--blame-hang-timeout").Append("15m"),
            });
        }
        catch (Exception e)
        {
            // Keep going so one red project does not hide the state of the others; fail at the end.
            failures.Add($"{project}: {e.Message}");
        }
    }

    try
    {
        ShortFuzzCampaign();
    }
    catch (Exception e)
    {
        failures.Add($"tools/fuzz.sh: {e.Message}");
    }

    if (failures.Count > 0)
    {
        throw new Exception("test failures:\n  " + string.Join("\n  ", failures));
    }
});

// The short fuzz campaign alone: what Test runs after the test projects.
Task("Fuzz").Does(() => ShortFuzzCampaign());

// afl-fuzz on every parser of outside bytes for a few seconds each (docs/architecture.md, "Fuzzing"), so that a
// parser that throws or breaks a promise on some input cannot land. About 1.5 minutes; a crash fails the build and
// its input is kept in artifacts/fuzz/crashes/. The long run: tools/fuzz.sh --execs 1000000.
void ShortFuzzCampaign()
{
    var exit = StartProcess("bash", new ProcessSettings { Arguments = new ProcessArgumentBuilder().Append("tools/fuzz.sh").Append("--seconds").Append("5") });
    if (exit != 0)
    {
        throw new Exception($"the short fuzz campaign failed with {exit} (crashing inputs in artifacts/fuzz/crashes/)");
    }
}

// What the README's main command shows: the native binary on real keepalived captures, a pair of boxes in network
// namespaces failing over while a client requests the VIP every 2 ms, then the firmware image built and booted as a
// pair of VMs under qemu, the master VM powered off while the client requests the VIP.
Task("Demo").IsDependentOn("Publish").IsDependentOn("Image").Does(() =>
{
    foreach (var capture in GetFiles("tests/Appliance.Vrrp.Tests/TestData/*.hex"))
    {
        var hex = System.IO.File.ReadAllLines(capture.FullPath).First(l => l.Length > 0);
        Information($"--- appliance vrrp decode {capture.GetFilename()}");
        var exit = StartProcess(applianceBinary, new ProcessSettings { Arguments = new ProcessArgumentBuilder().Append("vrrp").Append("decode").Append(hex) });
        if (exit != 0)
        {
            throw new Exception($"decode of {capture.GetFilename()} failed with {exit}");
        }
    }

    StartProcess("bash", new ProcessSettings { Arguments = new ProcessArgumentBuilder().Append("tools/bench-binary.sh").Append(applianceBinary.FullPath) });

    DotNetBuild("tools/Appliance.Lab/Appliance.Lab.csproj", new DotNetBuildSettings { Configuration = configuration, NoRestore = true });
    RunLab("two boxes and a client in network namespaces: link cut, return, SIGTERM", "demo");
    RunLab("the firmware image as two VMs under qemu: the master loses its power", "vm-pair", "--disk", "artifacts/image/disk.img");
});

// One verb of tools/Appliance.Lab (built by the caller) with the published binary; a failure fails the build.
void RunLab(string title, params string[] arguments)
{
    Information($"--- {title}");
    var builder = new ProcessArgumentBuilder().Append($"tools/Appliance.Lab/bin/{configuration}/net10.0/appliance-lab.dll");
    foreach (var argument in arguments)
    {
        builder.Append(argument);
    }
    var exit = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = builder,
        EnvironmentVariables = new Dictionary<string, string> { ["APPLIANCE_BINARY"] = applianceBinary.FullPath },
    });
    if (exit != 0)
    {
        throw new Exception($"appliance-lab {arguments[0]} failed with {exit}");
    }
}

Task("Default").IsDependentOn("Demo");

RunTarget(target);
