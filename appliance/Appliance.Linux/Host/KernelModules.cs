using System.Text;
using Tmds.Linux;

namespace Appliance.Linux.Host;

/// <summary>
/// Loads kernel modules by name with finit_module(2), dependencies first, found through modules.dep of the running
/// kernel: no modprobe in the image.
/// </summary>
public sealed unsafe class KernelModules
{
    private readonly string _root;
    private readonly Dictionary<string, (string Path, string[] Dependencies)> _modules = new(StringComparer.Ordinal);

    private KernelModules(string root)
    {
        _root = root;
    }

    public static string Release => File.ReadAllText("/proc/sys/kernel/osrelease").Trim();

    public static KernelModules ForRunningKernel() => Read($"/lib/modules/{Release}");

    public static KernelModules Read(string root)
    {
        var modules = new KernelModules(root);
        var dep = Path.Combine(root, "modules.dep");
        if (!File.Exists(dep))
        {
            return modules;
        }

        // "kernel/drivers/net/macvlan.ko: kernel/net/core/dev.ko ..." (dependencies listed so that the last is loaded first).
        foreach (var line in File.ReadLines(dep))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var path = line[..colon];
            var dependencies = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            modules._modules[NameOf(path)] = (path, dependencies);
        }

        return modules;
    }

    /// <summary>macvlan, nf-tables and nf_tables are the same module (modprobe's rule).</summary>
    public static string NameOf(string path)
    {
        var file = Path.GetFileName(path);
        var dot = file.IndexOf(".ko", StringComparison.Ordinal);
        return (dot > 0 ? file[..dot] : file).Replace('-', '_');
    }

    public bool Knows(string name) => _modules.ContainsKey(name.Replace('-', '_'));

    /// <summary>Loads the module and what it depends on; already loaded is fine. Throws with the reason otherwise.</summary>
    public void Load(string name)
    {
        if (!_modules.TryGetValue(name.Replace('-', '_'), out var module))
        {
            throw new SystemCallException(Errno.ENOENT, $"load kernel module {name}: not in {_root}/modules.dep");
        }

        foreach (var dependency in module.Dependencies.Reverse())
        {
            LoadFile(dependency);
        }

        LoadFile(module.Path);
    }

    private void LoadFile(string relative)
    {
        var path = Path.Combine(_root, relative);
        var flags = relative.EndsWith(".ko", StringComparison.Ordinal) ? 0 : Interop.MODULE_INIT_COMPRESSED_FILE;
        var pathBytes = Encoding.UTF8.GetBytes(path + "\0");
        int fd;
        fixed (byte* p = pathBytes)
        {
            fd = LibC.open(p, LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
        }

        if (fd == -1)
        {
            throw Interop.Failure($"open {path}");
        }

        try
        {
            byte none = 0;
            if (Interop.finit_module(fd, &none, flags) == -1 && Interop.LastErrno != Errno.EEXIST)
            {
                throw Interop.Failure($"load kernel module {path}");
            }
        }
        finally
        {
            LibC.close(fd);
        }
    }
}
