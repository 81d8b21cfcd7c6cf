using Appliance.Config;

namespace Appliance.ConsoleUi.Session;

/// <summary>One key to set (or, with an empty value, to remove), as config.set takes it: <c>vrrp:web:priority=200</c>.</summary>
internal readonly record struct ConfigEdit(ConfigKeyPath Path, string Value)
{
    public string Wire => $"{Path}={Value}";

    public bool Removes => Value.Length == 0;

    public override string ToString() => Removes ? $"{Path} (removed)" : $"{Path} = {Value}";
}
