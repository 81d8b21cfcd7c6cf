namespace Appliance.Config;

public enum TrackAction
{
    /// <summary>The instance resigns mastership (goes to Fault) while the object is down.</summary>
    Fault,

    /// <summary><see cref="TrackSpec.Weight"/> is added to the priority while the object is down.</summary>
    Weight,
}

/// <summary>
/// One tracked object of a VRRP instance: <c>nginx</c> or an interface name. <see cref="Weight"/> is 0 for
/// <see cref="TrackAction.Fault"/>.
/// </summary>
public sealed record TrackSpec(string ObjectName, TrackAction Action, int Weight)
{
    public const string Nginx = "nginx";

    public bool IsNginx => string.Equals(ObjectName, Nginx, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => Action == TrackAction.Fault ? $"{ObjectName} = fault" : $"{ObjectName} = {Weight}";
}
