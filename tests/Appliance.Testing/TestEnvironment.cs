using System.Runtime.InteropServices;

namespace Appliance.Testing;

/// <summary>
/// What a test may assume about the machine. Tests that need root or a tool skip, with a reason, only on a
/// developer's machine: when the CI variable is set they run anyway and fail loudly if the need is not met.
/// </summary>
public static partial class TestEnvironment
{
    public static bool IsRoot { get; } = geteuid() == 0;

    /// <summary>The CI environment variable is set (to anything non-empty).</summary>
    public static bool IsCi { get; } = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    /// <summary>Null when root tests may run; else why they are skipped.</summary>
    public static string? RootSkipReason =>
        IsRoot || IsCi ? null : "needs root (network namespaces); runs as root, or always when CI is set";

    /// <summary>Null when <paramref name="tool"/> tests may run; else why they are skipped.</summary>
    public static string? ToolSkipReason(string tool) =>
        RootSkipReason ?? (IsCi || FindTool(tool) is not null ? null : $"needs {tool} on PATH; runs always when CI is set");

    /// <summary>The full path of an executable on PATH (or in the sbin directories a root shell has), or null.</summary>
    public static string? FindTool(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        string[] extra = ["/usr/local/sbin", "/usr/sbin", "/sbin"];
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(extra)
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists);
    }

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
