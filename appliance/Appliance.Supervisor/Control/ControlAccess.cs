using Appliance.Linux.Sockets;

namespace Appliance.Supervisor.Control;

internal enum ControlAccessLevel
{
    None,

    /// <summary>A member of <c>[system] control_group</c>: <c>status</c> only.</summary>
    Status,

    /// <summary>root: everything, including changes, failover and reboot.</summary>
    Full,
}

/// <summary>What a control-socket peer may do, from the credentials the kernel recorded (SO_PEERCRED), never from what it says.</summary>
internal static class ControlAccess
{
    public static ControlAccessLevel For(PeerCredentials peer, uint? statusGroup, out string described)
    {
        described = $"uid {peer.Uid} gid {peer.Gid} pid {peer.Pid}";
        return peer.IsRoot ? ControlAccessLevel.Full
            : statusGroup is { } group && peer.IsInGroup(group) ? ControlAccessLevel.Status
            : ControlAccessLevel.None;
    }

    public static bool Allows(ControlAccessLevel level, string command) => level switch
    {
        ControlAccessLevel.Full => true,
        ControlAccessLevel.Status => command == "status",
        _ => false,
    };
}
