using System.Text;

namespace Appliance.ImageBuilder.Kernel;

// modules.dep and modules.alias for a subset of modules, in the format depmod writes, so that modprobe (busybox's
// or kmod's) and the kernel's request_module autoload (e.g. "rtnl-link-macvlan" on creating a macvlan) work.
internal static class ModulesDep
{
    public static string Dep(IReadOnlyList<KernelModule> modules, ModuleIndex index)
    {
        var text = new StringBuilder();
        foreach (var module in modules.OrderBy(m => m.RelativePath, StringComparer.Ordinal))
        {
            var dependencies = index.Closure([module.Name], out _).Where(m => m.Name != module.Name).Reverse();
            text.Append(module.RelativePath).Append(':');
            foreach (var dependency in dependencies)
            {
                text.Append(' ').Append(dependency.RelativePath);
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    public static string Alias(IReadOnlyList<KernelModule> modules)
    {
        var text = new StringBuilder("# Aliases extracted from modules themselves.\n");
        foreach (var module in modules.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            foreach (var alias in module.Aliases)
            {
                text.Append("alias ").Append(alias).Append(' ').Append(module.Name).Append('\n');
            }
        }
        return text.ToString();
    }
}
