namespace Appliance.ImageBuilder.Kernel;

// What depmod knows about one module, read from its .modinfo. Names use '_' (the kernel treats '-' and '_' alike).
internal sealed record KernelModule(
    string Name,
    string RelativePath,
    IReadOnlyList<string> Depends,
    IReadOnlyList<string> SoftPre,
    IReadOnlyList<string> Aliases)
{
    public static string Normalize(string name) => name.Replace('-', '_');

    public static KernelModule FromModInfo(string relativePath, IReadOnlyList<string> entries)
    {
        var fileName = Path.GetFileName(relativePath);
        var name = Normalize(fileName[..fileName.IndexOf(".ko", StringComparison.Ordinal)]);
        var depends = new List<string>();
        var softPre = new List<string>();
        var aliases = new List<string>();
        foreach (var entry in entries)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                continue;
            }
            var key = entry[..equals];
            var value = entry[(equals + 1)..];
            switch (key)
            {
                case "name":
                    name = Normalize(value);
                    break;
                case "depends":
                    depends.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Normalize));
                    break;
                case "alias":
                    aliases.Add(value);
                    break;
                case "softdep":
                    softPre.AddRange(SoftDependencies(value));
                    break;
            }
        }
        return new KernelModule(name, relativePath, depends, softPre, aliases);
    }

    // "pre: a b post: c" -> a, b. Post dependencies are loaded after the module and are not needed to use it.
    private static IEnumerable<string> SoftDependencies(string value)
    {
        var pre = false;
        foreach (var word in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.EndsWith(':'))
            {
                pre = word == "pre:";
            }
            else if (pre)
            {
                yield return word;
            }
        }
    }
}
