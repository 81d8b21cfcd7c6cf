namespace Appliance.ImageBuilder.Kernel;

// Every module of one kernel, read from the .ko files themselves (the Debian package ships no modules.dep: its
// postinst runs depmod), plus the list of modules built into the kernel.
internal sealed class ModuleIndex
{
    private readonly Dictionary<string, KernelModule> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<KernelModule>> _byAlias = new(StringComparer.Ordinal);
    private readonly HashSet<string> _builtin = new(StringComparer.Ordinal);

    public string ModulesDirectory { get; }

    private ModuleIndex(string modulesDirectory) => ModulesDirectory = modulesDirectory;

    public static ModuleIndex Load(string modulesDirectory)
    {
        var index = new ModuleIndex(modulesDirectory);
        var options = new EnumerationOptions { RecurseSubdirectories = true };
        foreach (var file in Directory.EnumerateFiles(modulesDirectory, "*.ko*", options))
        {
            var relative = Path.GetRelativePath(modulesDirectory, file);
            if (!relative.EndsWith(".ko", StringComparison.Ordinal))
            {
                throw new BuildException($"{relative}: compressed kernel modules are not supported yet (this build reads .modinfo from plain .ko files)");
            }
            if (!ElfFile.TryReadModInfo(file, out var entries, out var why))
            {
                throw new BuildException($"{relative}: {why}");
            }
            index.Add(KernelModule.FromModInfo(relative, entries));
        }
        var builtin = Path.Combine(modulesDirectory, "modules.builtin");
        if (File.Exists(builtin))
        {
            foreach (var line in File.ReadLines(builtin))
            {
                var name = Path.GetFileName(line.Trim());
                if (name.EndsWith(".ko", StringComparison.Ordinal))
                {
                    index._builtin.Add(KernelModule.Normalize(name[..^3]));
                }
            }
        }
        return index;
    }

    public int Count => _byName.Count;

    public IEnumerable<KernelModule> Modules => _byName.Values;

    public bool IsBuiltin(string name) => _builtin.Contains(KernelModule.Normalize(name));

    public KernelModule? Find(string name) => _byName.GetValueOrDefault(KernelModule.Normalize(name));

    public IReadOnlyList<KernelModule> FindAlias(string alias) => _byAlias.TryGetValue(alias, out var list) ? list : [];

    // The modules to load, dependencies first, for the requested names in their order. A name that is neither a
    // module, nor built in, nor an alias is an error: a typo in the TOML must not become a box that cannot boot.
    public IReadOnlyList<KernelModule> Closure(IEnumerable<string> requested, out List<string> errors)
    {
        var order = new List<KernelModule>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        errors = [];
        foreach (var name in requested)
        {
            var module = Find(name);
            if (module is not null)
            {
                Visit(module, order, done, []);
            }
            else if (!IsBuiltin(name))
            {
                var byAlias = FindAlias(name);
                if (byAlias.Count == 0)
                {
                    errors.Add($"kernel module '{name}' is neither in {ModulesDirectory} nor built into the kernel");
                }
                foreach (var candidate in byAlias)
                {
                    Visit(candidate, order, done, []);
                }
            }
        }
        return order;
    }

    private void Visit(KernelModule module, List<KernelModule> order, HashSet<string> done, HashSet<string> path)
    {
        if (done.Contains(module.Name) || !path.Add(module.Name))
        {
            return;
        }
        foreach (var soft in module.SoftPre)
        {
            // A soft dependency often names an alias with several providers (crypto-crc32c: the generic and the
            // SSE 4.2 one); all are carried and the ones the CPU cannot run fail to load harmlessly.
            var targets = Find(soft) is { } direct ? [direct] : FindAlias(soft);
            foreach (var target in targets)
            {
                Visit(target, order, done, path);
            }
        }
        foreach (var dependency in module.Depends)
        {
            if (Find(dependency) is { } target)
            {
                Visit(target, order, done, path);
            }
            else if (!IsBuiltin(dependency))
            {
                throw new BuildException($"module {module.Name} depends on {dependency}, which this kernel does not have");
            }
        }
        path.Remove(module.Name);
        done.Add(module.Name);
        order.Add(module);
    }

    private void Add(KernelModule module)
    {
        _byName.TryAdd(module.Name, module);
        foreach (var alias in module.Aliases)
        {
            if (!_byAlias.TryGetValue(alias, out var list))
            {
                _byAlias[alias] = list = [];
            }
            list.Add(module);
        }
    }
}
