namespace Appliance.Config;

/// <summary>
/// Text in, validated immutable options out. Every problem in the file is reported in one pass, each with its
/// section, key, value and line; bad input never throws.
/// </summary>
public static class ApplianceConfigLoader
{
    public static ConfigLoadResult Load(string iniText, ConfigEnvironment? environment = null)
    {
        environment ??= ConfigEnvironment.None;
        var findings = new Findings(new SourceMap());
        ApplianceConfig? config = null;
        try
        {
            var document = ConfigDocument.Parse(iniText ?? "");
            var accepted = StructureCheck.Run(document, findings);
            var raw = RawBinding.Bind(accepted);
            config = Build(raw, findings, environment);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug of ours, not of the file; still a diagnostic, never a crash of `config check` or of the console.
            findings.Error("", null, null, $"internal error while reading the configuration ({e.GetType().Name}: {e.Message}); please report this");
        }

        return new ConfigLoadResult(findings.HasErrors ? null : config, findings.Sorted());
    }

    private static ApplianceConfig Build(RawConfig raw, Findings findings, ConfigEnvironment environment)
    {
        var map = findings.Map;
        var system = SystemSection.Read(raw.System, findings);
        var nginx = NginxSection.Read(raw.Nginx, findings);
        var hooks = HooksSection.Read(raw.Hooks, findings);
        var log = LogSection.Read(raw.Log, findings);
        var metrics = MetricsSection.Read(raw.Metrics, findings);

        var interfaces = new List<InterfaceOptions>();
        var instanceNames = new List<string>();
        var checks = new List<CheckOptions>();
        var checkNames = new List<string>();
        var groupNames = new List<string>();
        var anycastNames = new List<string>();
        var bgpPresent = false;
        foreach (var section in map.Sections)
        {
            SectionName.TryClassify(section, out var kind, out var name);
            if (kind == SectionKind.Interface)
            {
                interfaces.Add(InterfaceSection.Read(name!, raw.Interface.GetValueOrDefault(name!) ?? new RawInterface(), findings, environment));
            }
            else if (kind == SectionKind.Check)
            {
                checkNames.Add(name!);
                if (CheckSection.Read(name!, raw.Check.GetValueOrDefault(name!) ?? new RawCheck(), findings) is { } check)
                {
                    checks.Add(check);
                }
            }
            else if (kind == SectionKind.Group)
            {
                groupNames.Add(name!);
            }
            else if (kind == SectionKind.Anycast)
            {
                anycastNames.Add(name!);
            }
            else if (kind == SectionKind.Bgp)
            {
                bgpPresent = true;
            }
            else if (kind is SectionKind.Vrrp or SectionKind.VrrpTrack && !instanceNames.Contains(name!, StringComparer.OrdinalIgnoreCase))
            {
                instanceNames.Add(name!);
            }
        }

        CheckCrossChecks.Names(checkNames, interfaces, environment, findings);
        var instances = new List<VrrpInstanceOptions>();
        foreach (var name in instanceNames)
        {
            var rawVrrp = raw.Vrrp.GetValueOrDefault(name) ?? new RawVrrp();
            raw.Vrrp[name] = rawVrrp;
            if (VrrpSection.Read(name, rawVrrp, findings, interfaces, environment, nginx.Enabled, checkNames) is { } instance)
            {
                instances.Add(instance);
            }
        }

        VrrpCrossChecks.Run(instances, interfaces, nginx, raw, findings);
        var groups = GroupSection.Read(groupNames, raw.Group, instances, instanceNames, findings);
        instances = instances.Select(i => groups.FirstOrDefault(g => g.Instances.Contains(i.Name, StringComparer.OrdinalIgnoreCase)) is { } g ? i with { SyncGroup = g.Name } : i).ToList();
        var bgp = BgpSection.Read(raw.Bgp, bgpPresent, interfaces, findings);
        var anycast = AnycastSection.Read(anycastNames, raw.Anycast, bgp, bgpPresent, interfaces, environment, checkNames, findings);
        if (instanceNames.Count == 0 && anycastNames.Count == 0)
        {
            findings.Warning("", null, null, "no [vrrp:NAME] section: this box holds no virtual address");
        }

        return new ApplianceConfig
        {
            System = system,
            Interfaces = interfaces,
            Vrrp = instances,
            Nginx = nginx,
            Hooks = hooks,
            Log = log,
            Metrics = metrics,
            Checks = checks,
            Groups = groups,
            Bgp = bgp,
            Anycast = anycast,
        };
    }
}
