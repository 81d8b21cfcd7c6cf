
namespace Appliance.Logging.Tests.Support;

/// <summary>Runs as root; skips elsewhere unless CI is set, where a missing privilege must fail loudly.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (RootRequirement.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

public sealed class RootTheoryAttribute : TheoryAttribute
{
    public RootTheoryAttribute()
    {
        if (RootRequirement.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

internal static class RootRequirement
{
    public static string? SkipReason =>
        TestLibc.geteuid() == 0 || Environment.GetEnvironmentVariable("CI") is not null
            ? null
            : "needs root to create a network namespace (ip netns add); run as root, or set CI to run and fail";
}
