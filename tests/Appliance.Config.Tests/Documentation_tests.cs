namespace Appliance.Config.Tests;

/// <summary>docs/configuration.md is what operators read: it must list every key the loader knows, with its default.</summary>
public sealed class Documentation_tests
{
    private static string ReadDocs()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "appliance", "docs", "configuration.md");
            if (File.Exists(path))
            {
                return File.ReadAllText(path);
            }
        }

        throw new FileNotFoundException("appliance/docs/configuration.md not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Every_key_is_documented_with_its_default_under_its_section()
    {
        var docs = ReadDocs();
        foreach (var kind in Enum.GetValues<SectionKind>().Where(k => k != SectionKind.VrrpTrack))
        {
            var heading = "### " + ConfigSchema.SectionTemplate(kind);
            var start = docs.IndexOf(heading + "\n", StringComparison.Ordinal);
            Assert.True(start >= 0, $"no heading {heading}");
            var end = docs.IndexOf("\n### ", start + heading.Length, StringComparison.Ordinal);
            var table = docs[start..(end < 0 ? docs.Length : end)];
            foreach (var key in ConfigSchema.KeysOf(kind))
            {
                var shown = key.Default.Length == 0 ? "(empty)" : $"`{key.Default}`";
                Assert.Contains($"| `{key.Name}` | {shown} |", table, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Every_documented_default_is_the_loaders_default()
    {
        // Writing every documented default into a file must give the same configuration as leaving the keys out.
        var explicitDefaults = ConfigDocument.Parse(Ini.Base);
        foreach (var key in ConfigSchema.Keys.Where(k => k.Default.Length > 0 && k.Section is not (SectionKind.Vrrp or SectionKind.Interface)))
        {
            explicitDefaults.Set(ConfigSchema.SectionWord(key.Section), key.Name, key.Default);
        }

        foreach (var key in ConfigSchema.KeysOf(SectionKind.Vrrp).Where(k => k.Default.Length > 0 && k.Name != "priority"))
        {
            explicitDefaults.Set("vrrp:web", key.Name, key.Default);
        }

        explicitDefaults.Set("interface:eth0", "manage", "true");
        explicitDefaults.Set("system", "hostname", "edge-a");
        Assert.Equal(Ini.Valid(Ini.Base), Ini.Valid(explicitDefaults.ToString()));
    }

    [Fact]
    public void The_schema_knows_every_key_the_binder_knows()
    {
        var names = ConfigSchema.Keys.Select(k => (k.Section, k.Name)).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal(6, ConfigSchema.KeysOf(SectionKind.System).Count());
        Assert.Equal(4, ConfigSchema.KeysOf(SectionKind.Interface).Count());
        Assert.Equal(15, ConfigSchema.KeysOf(SectionKind.Vrrp).Count());
        Assert.Equal(14, ConfigSchema.KeysOf(SectionKind.Nginx).Count());
        Assert.Equal(4, ConfigSchema.KeysOf(SectionKind.Hooks).Count());
        Assert.Equal(3, ConfigSchema.KeysOf(SectionKind.Log).Count());
        Assert.Equal(ApplyMode.Live, ConfigSchema.Find("VRRP:web", "Priority")!.Apply);
        Assert.Null(ConfigSchema.Find("vrrp:web", "priorty"));
    }

    [Fact]
    public void The_contract_keys_of_CONFIG_md_are_all_known()
    {
        var contract = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "config-contract-example.ini"));
        var document = ConfigDocument.Parse(contract);
        foreach (var section in document.Sections.Where(s => !s.EndsWith(":track", StringComparison.Ordinal)))
        {
            foreach (var (key, _) in document.Entries(section))
            {
                Assert.True(ConfigSchema.Find(section, key) is not null, $"[{section}] {key} is in the contract but not in the schema");
            }
        }
    }
}
