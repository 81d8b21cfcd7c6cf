using Xunit.Abstractions;

namespace Appliance.Image.Tests.Infrastructure;

internal static class VmTranscripts
{
    /// <summary>
    /// Kills a test's VMs, each after its serial console went to the test output: the first thing to read when a
    /// boot fails, and the only record of what the box said.
    /// </summary>
    public static void DisposeWithTranscripts(this ITestOutputHelper output, params IEnumerable<QemuVm?> vms)
    {
        foreach (var vm in vms.OfType<QemuVm>())
        {
            output.WriteLine($"--- {vm} ({vm.CommandLine}) ---\n{vm.Transcript}");
            vm.Dispose();
        }
    }
}
