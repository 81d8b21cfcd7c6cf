using System.Formats.Tar;
using Appliance.Linux.Host;

namespace Appliance.Supervisor.Upgrade;

/// <summary>
/// <c>appliance upgrade BUNDLE</c>: writes a new image into the slot that is not running and arms a one-time trial
/// boot of it, in the order image/BOOT.md gives, so that a power cut at any point leaves the confirmed slot as the one
/// that boots. The running system is not touched; the trial starts at the next reboot.
/// </summary>
public sealed class SlotInstaller
{
    private readonly BootEnvironment _boot;
    private readonly Action<string> _report;
    private readonly string _bootMount;

    public SlotInstaller(BootEnvironment boot, Action<string> report, string bootMount = "/boot")
    {
        _boot = boot;
        _report = report;
        _bootMount = bootMount;
    }

    /// <summary>
    /// Verifies the whole bundle as <see cref="Install"/> would and reports what it would install; writes nothing.
    /// </summary>
    public InstallPlan Check(string bundlePath, bool allowDowngrade)
    {
        var (plan, device) = Verify(bundlePath, allowDowngrade);
        Describe(plan, device, "would install");
        return plan;
    }

    /// <returns>The slot that boots once next.</returns>
    public string Install(string bundlePath, bool allowDowngrade)
    {
        // Everything is verified before anything is deleted or written: the signature, the plan, every payload.
        var (plan, device) = Verify(bundlePath, allowDowngrade);
        Describe(plan, device, "installing");
        var target = plan.TargetSlot;
        var files = plan.Files.ToDictionary(f => f.File.Name, StringComparer.Ordinal);
        var bootWritable = false;
        try
        {
            using var bundle = File.OpenRead(bundlePath);
            BundleReader.Tar(bundlePath, () =>
            {
                using var reader = new TarReader(bundle);
                while (reader.GetNextEntry() is { } entry)
                {
                    // The head and SHA256SUMS were checked in the first pass; only the signed payload is written.
                    if (!files.Remove(entry.Name, out var file))
                    {
                        continue;
                    }

                    if (file.BootPath is null)
                    {
                        WriteSlot(entry.DataStream, file.File, device);
                        continue;
                    }

                    if (!bootWritable)
                    {
                        Mounts.Remount(_bootMount, readOnly: false);
                        bootWritable = true;
                    }

                    WriteBootFile(entry.DataStream, file.File, file.BootPath);
                }

                return 0;
            });

            if (files.Count > 0)
            {
                throw new UpgradeException($"the bundle changed while it was installed: {string.Join(", ", files.Keys)} vanished; slot {target} is not armed");
            }

            if (!bootWritable)
            {
                Mounts.Remount(_bootMount, readOnly: false);
                bootWritable = true;
            }

            ArmTrial(target);
            return target;
        }
        finally
        {
            if (bootWritable)
            {
                Mounts.Remount(_bootMount, readOnly: true);
            }
        }
    }

    private (InstallPlan Plan, string Device) Verify(string bundlePath, bool allowDowngrade)
    {
        if (_boot.Trial)
        {
            throw new UpgradeException($"this boot of slot {_boot.Slot} is a trial that is not confirmed yet; the other slot is the only good one. Wait for the confirmation (or reboot) before installing again");
        }

        var target = _boot.OtherSlot;
        var device = Partitions.DeviceOf(_boot.SlotPartitionPrefix + target)
            ?? throw new UpgradeException($"no partition named {_boot.SlotPartitionPrefix}{target}");
        var (id, version) = BundleReader.ReadOsRelease();
        var box = new RunningImage(id, version, _boot.Slot, target, Partitions.SizeOf(device), allowDowngrade);
        return (BundleReader.Verify(bundlePath, BundleReader.LoadTrustedKeys(), box), device);
    }

    private void Describe(InstallPlan plan, string device, string verb)
    {
        var m = plan.Manifest;
        _report($"bundle signed by trusted key {plan.Key}; every payload matches its signed sha256 and size");
        _report($"{verb} {m.Image} {m.Version} (appliance {m.ApplianceVersion}, kernel {m.Kernel}) into slot {plan.TargetSlot}:");
        foreach (var file in plan.Files)
        {
            _report("  " + file.Describe(plan.TargetSlot, device));
        }
    }

    private void WriteSlot(Stream? data, UpdateFile file, string device)
    {
        using (var partition = new FileStream(device, FileMode.Open, FileAccess.Write, FileShare.None, 1 << 20))
        {
            Verify(BundleReader.Hash(data, file.Size, partition), file, file.Name);
            partition.Flush(flushToDisk: true);
            _report($"{file.Name}: {file.Size} bytes written to {device}");
        }

        // Read back what the partition holds: a write that the device lost must not become a bootable slot.
        using var check = new FileStream(device, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 20);
        Verify(BundleReader.Hash(check, file.Size, prefix: true), file, $"{device} (read back)", readBack: true);
    }

    /// <summary>
    /// The kernel or initramfs of the target slot: the old file goes first (the boot partition has room for two
    /// kernels, not three; the target slot is not bootable until it is armed), the new one is written beside its
    /// final name, fsynced, renamed over it, and the directory fsynced.
    /// </summary>
    private void WriteBootFile(Stream? data, UpdateFile file, string relative)
    {
        var path = Path.Combine(_bootMount, relative);
        var directory = Path.GetDirectoryName(path)!;
        var temporary = path + ".new";
        Directory.CreateDirectory(directory);
        File.Delete(temporary);
        File.Delete(path);
        using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
        {
            Verify(BundleReader.Hash(data, file.Size, output), file, file.Name);
            output.Flush(flushToDisk: true);
        }

        File.Move(temporary, path);
        FileSync.Directory(directory);
        using var check = File.OpenRead(path);
        Verify(BundleReader.Hash(check, file.Size, prefix: true), file, $"{path} (read back)", readBack: true);
        _report($"{file.Name}: {file.Size} bytes written to {path}");
    }

    /// <summary>The boot-once label: ldlinux boots the new slot once, and clears the label before it does.</summary>
    private void ArmTrial(string slot)
    {
        var ldlinux = Path.Combine(_bootMount, "extlinux", "ldlinux.sys");
        using var handle = File.OpenHandle(ldlinux, FileMode.Open, FileAccess.ReadWrite);
        var length = RandomAccess.GetLength(handle);
        RandomAccess.Write(handle, SyslinuxAdv.Encode(slot), length - SyslinuxAdv.Length);
        RandomAccess.FlushToDisk(handle);
        _report($"slot {slot} boots once at the next reboot; it becomes the confirmed slot when it runs healthy");
    }

    /// <summary>
    /// The second pass finds what the first verified, unless the bundle file changed in between: then the target
    /// slot is left half written and unarmed.
    /// </summary>
    private static void Verify((string Sha256, long Read) actual, UpdateFile file, string what, bool readBack = false)
    {
        if (actual.Read != file.Size || !string.Equals(actual.Sha256, file.Sha256, StringComparison.Ordinal))
        {
            var why = readBack ? "the device does not hold what was written" : "the bundle changed since it was verified";
            throw new UpgradeException($"{what}: {actual.Read} bytes with sha256 {actual.Sha256}, the signed manifest says {file.Size} bytes with {file.Sha256} ({why}); slot is not armed");
        }
    }
}
