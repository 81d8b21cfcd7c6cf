namespace Appliance.Linux.Netlink;

/// <summary>IFLA_OPERSTATE: RFC 2863 operational status (IF_OPER_* in linux/if.h).</summary>
public enum OperState : byte
{
    Unknown = 0,
    NotPresent = 1,
    Down = 2,
    LowerLayerDown = 3,
    Testing = 4,
    Dormant = 5,
    Up = 6,
}
