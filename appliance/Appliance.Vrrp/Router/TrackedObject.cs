namespace Appliance.Vrrp.Router;

/// <summary>
/// Something whose health a virtual router follows (an interface, nginx). While it is down it either puts the
/// router in <see cref="VirtualRouterState.Fault"/> or adds <see cref="Weight"/> (usually negative) to the priority.
/// </summary>
public sealed record TrackedObject(string Name, bool Fault, int Weight)
{
    public static TrackedObject FaultWhenDown(string name) => new(name, Fault: true, Weight: 0);

    public static TrackedObject WeightWhenDown(string name, int weight) => new(name, Fault: false, weight);

    public override string ToString() => Fault ? $"{Name} (fault)" : $"{Name} ({Weight:+#;-#;0})";
}
