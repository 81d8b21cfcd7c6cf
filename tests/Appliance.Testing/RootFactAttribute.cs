namespace Appliance.Testing;

/// <summary>A fact that needs root (namespaces, raw sockets); skipped with a reason only off CI and not root.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        Skip = TestEnvironment.RootSkipReason;
    }
}

/// <summary>A theory that needs root; skipped with a reason only off CI and not root.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootTheoryAttribute : TheoryAttribute
{
    public RootTheoryAttribute()
    {
        Skip = TestEnvironment.RootSkipReason;
    }
}

/// <summary>A root fact that also needs an external program (keepalived, nginx, tshark).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresToolFactAttribute : FactAttribute
{
    public RequiresToolFactAttribute(string tool)
    {
        Tool = tool;
        Skip = TestEnvironment.ToolSkipReason(tool);
    }

    public string Tool { get; }
}
