namespace Appliance.Vrrp.Tests;

/// <summary>Skips when a tool is missing, but only outside CI: in CI a missing tool fails the test loudly.</summary>
internal sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(string tool)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, tool)));
        if (!found && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Skip = $"{tool} is not installed (install it, or run under CI=true to make this a failure)";
        }
    }
}
