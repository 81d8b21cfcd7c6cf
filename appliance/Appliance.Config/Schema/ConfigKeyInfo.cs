namespace Appliance.Config;

/// <summary>
/// The documentation of one key: what the console shows as help and what docs/configuration.md lists.
/// <see cref="Default"/> is the text an operator would write ("" for empty).
/// </summary>
public sealed record ConfigKeyInfo(SectionKind Section, string Name, string Default, string Range, string Meaning, ApplyMode Apply);
