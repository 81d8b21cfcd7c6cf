namespace Appliance.Config.Tests.Schema;

/// <summary>docs/configuration.md is what operators read: it must list every key the loader knows, with its default.</summary>
public sealed class DocumentationTests
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
        foreach (var key in ConfigSchema.Keys.Where(k => k.Default.Length > 0 && k.Section is not (SectionKind.Vrrp or SectionKind.Interface or SectionKind.Check or SectionKind.Bgp or SectionKind.Anycast)))
        {
            explicitDefaults.Set(ConfigSchema.SectionWord(key.Section), key.Name, key.Default);
        }

        foreach (var key in ConfigSchema.KeysOf(SectionKind.Vrrp).Where(k => k.Default.Length > 0 && k.Name != "priority"))
        {
            explicitDefaults.Set("vrrp:web", key.Name, key.Default);
        }

        explicitDefaults.Set("interface:eth0", "manage", "true");
        var withCheck = Ini.With(Ini.Base, ("check:db", "type", "tcp"), ("check:db", "target", "127.0.0.1:5432"));
        var checkDefaults = ConfigDocument.Parse(withCheck);
        foreach (var key in ConfigSchema.KeysOf(SectionKind.Check).Where(k => k.Default.Length > 0))
        {
            checkDefaults.Set("check:db", key.Name, key.Default);
        }

        Assert.Equal(Ini.Valid(withCheck), Ini.Valid(checkDefaults.ToString()));
        var withAnycast = Ini.With(Ini.Base, ("bgp", "local_as", "65010"), ("bgp", "neighbor", "192.0.2.1"), ("bgp", "neighbor_as", "65000"), ("anycast:web", "prefix", "203.0.113.10"));
        var anycastDefaults = ConfigDocument.Parse(withAnycast);
        foreach (var key in ConfigSchema.Keys.Where(k => k.Default.Length > 0 && k.Section is SectionKind.Bgp or SectionKind.Anycast))
        {
            anycastDefaults.Set(key.Section == SectionKind.Bgp ? "bgp" : "anycast:web", key.Name, key.Default);
        }

        Assert.Equal(Ini.Valid(withAnycast), Ini.Valid(anycastDefaults.ToString()));
        explicitDefaults.Set("system", "hostname", "edge-a");
        Assert.Equal(Ini.Valid(Ini.Base), Ini.Valid(explicitDefaults.ToString()));
    }

    [Fact]
    public void The_schema_knows_every_key_the_binder_knows()
    {
        var names = ConfigSchema.Keys.Select(k => (k.Section, k.Name)).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        foreach (var (kind, raw) in new[]
        {
            (SectionKind.System, typeof(RawSystem)), (SectionKind.Interface, typeof(RawInterface)), (SectionKind.Vrrp, typeof(RawVrrp)),
            (SectionKind.Nginx, typeof(RawNginx)), (SectionKind.Hooks, typeof(RawHooks)), (SectionKind.Log, typeof(RawLog)),
            (SectionKind.Check, typeof(RawCheck)), (SectionKind.Bgp, typeof(RawBgp)), (SectionKind.Anycast, typeof(RawAnycast)),
        })
        {
            // What the binder binds: a property's [ConfigurationKeyName], else its name (keys are case-insensitive).
            var bound = raw.GetProperties()
                .Where(p => p.PropertyType == typeof(string))
                .Select(p => (p.GetCustomAttributes(typeof(Microsoft.Extensions.Configuration.ConfigurationKeyNameAttribute), false)
                    .Cast<Microsoft.Extensions.Configuration.ConfigurationKeyNameAttribute>().SingleOrDefault()?.Name ?? p.Name).ToLowerInvariant())
                .Order().ToArray();
            Assert.Equal(bound, ConfigSchema.KeysOf(kind).Select(k => k.Name).Order().ToArray());
        }

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
