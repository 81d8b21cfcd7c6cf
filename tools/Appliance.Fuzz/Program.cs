using Appliance.Fuzz;

// The fuzzing harness (see tools/fuzz.sh and docs/architecture.md, "Fuzzing"):
//   Appliance.Fuzz TARGET              under afl-fuzz: the persistent SharpFuzz loop, one input per run on stdin
//   Appliance.Fuzz TARGET FILE...      replays inputs (a corpus, a crash) once each; exit 1 when one crashes
//   Appliance.Fuzz --list              the target names
//   Appliance.Fuzz --write-seeds DIR   the generated seeds (a signed bundle) that cannot be copied from test data
// Outside afl-fuzz nobody maps the coverage table the instrumented assemblies write to: give them one.
unsafe
{
    SharpFuzz.Common.Trace.SharedMem = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(1 << 16);
}

if (args.Length == 1 && args[0] == "--list")
{
    Console.WriteLine(string.Join('\n', FuzzTargets.Names));
    return 0;
}

if (args.Length == 2 && args[0] == "--write-seeds")
{
    GeneratedSeeds.Write(args[1]);
    return 0;
}

if (args.Length == 0 || FuzzTargets.Find(args[0]) is not { } target)
{
    Console.Error.WriteLine($"usage: Appliance.Fuzz TARGET [FILE...] | --list | --write-seeds DIR (targets: {string.Join(", ", FuzzTargets.Names)})");
    return 2;
}

if (args.Length == 1)
{
    var buffer = new MemoryStream();
    SharpFuzz.Fuzzer.Run(stream =>
    {
        buffer.SetLength(0);
        stream.CopyTo(buffer);
        target(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    });
    return 0;
}

var crashes = 0;
foreach (var file in args.Skip(1))
{
    try
    {
        target(File.ReadAllBytes(file));
    }
    catch (Exception e)
    {
        crashes++;
        Console.Error.WriteLine($"{file}: {e}");
    }
}

Console.WriteLine($"{args[0]}: {args.Length - 1} inputs, {crashes} crashes");
return crashes == 0 ? 0 : 1;
