namespace Appliance.ImageBuilder.Host;

// A file system image mounted through a loop device for the one tool that needs a mounted file system
// (extlinux --install). Unmounted, and the loop device released, also when the work inside fails.
internal sealed class LoopMount : IDisposable
{
    private bool _mounted;

    public LoopMount(string image, string mountPoint)
    {
        MountPoint = mountPoint;
        Directory.CreateDirectory(mountPoint);
        Exec.Run("mount", ["-o", "loop", image, mountPoint]);
        _mounted = true;
    }

    public string MountPoint { get; }

    public void Dispose()
    {
        if (_mounted)
        {
            _mounted = false;
            Exec.Run("umount", [MountPoint]);
        }
    }
}
