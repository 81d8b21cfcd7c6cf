using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;
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

    /// <returns>The slot that boots once next.</returns>
    public string Install(string bundlePath)
    {
        if (_boot.Trial)
        {
            throw new UpgradeException($"this boot of slot {_boot.Slot} is a trial that is not confirmed yet; the other slot is the only good one. Wait for the confirmation (or reboot) before installing again");
        }

        var target = _boot.OtherSlot;
        var device = Partitions.DeviceOf(_boot.SlotPartitionPrefix + target)
            ?? throw new UpgradeException($"no partition named {_boot.SlotPartitionPrefix}{target}");
        using var bundle = File.OpenRead(bundlePath);
        using var reader = new TarReader(bundle);
        var manifest = ReadManifest(reader);
        Check(manifest, device);
        _report($"installing {manifest.Image} {manifest.Version} (appliance {manifest.ApplianceVersion}, kernel {manifest.Kernel}) into slot {target} ({device})");

        var pending = manifest.Files.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var bootWritable = false;
        try
        {
            while (reader.GetNextEntry() is { } entry)
            {
                if (!pending.Remove(entry.Name, out var file))
                {
                    continue; // SHA256SUMS and anything else the manifest does not name
                }

                using var data = entry.DataStream ?? throw new UpgradeException($"{entry.Name} has no data in the bundle");
                if (file.Target == "slot")
                {
                    WriteSlot(data, file, device);
                }
                else if (file.Target.StartsWith("boot:", StringComparison.Ordinal))
                {
                    if (!bootWritable)
                    {
                        Mounts.Remount(_bootMount, readOnly: false);
                        bootWritable = true;
                    }

                    WriteBootFile(data, file, file.Target["boot:".Length..].Replace("{slot}", target, StringComparison.Ordinal));
                }
                else
                {
                    throw new UpgradeException($"{file.Name}: unknown target {file.Target}");
                }
            }

            if (pending.Count > 0)
            {
                throw new UpgradeException($"the bundle lacks {string.Join(", ", pending.Keys)}");
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

    private static UpdateManifest ReadManifest(TarReader reader)
    {
        var first = reader.GetNextEntry() ?? throw new UpgradeException("the bundle is empty");
        if (first.Name != "manifest.json" || first.DataStream is null)
        {
            throw new UpgradeException($"the bundle must start with manifest.json, not {first.Name}");
        }

        try
        {
            return JsonSerializer.Deserialize(first.DataStream, UpgradeJson.Default.UpdateManifest)
                ?? throw new UpgradeException("manifest.json is null");
        }
        catch (JsonException e)
        {
            throw new UpgradeException($"manifest.json: {e.Message}");
        }
    }

    private static void Check(UpdateManifest manifest, string device)
    {
        if (manifest.Format != 1)
        {
            throw new UpgradeException($"bundle format {manifest.Format} is not understood (expected 1)");
        }

        var id = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("ID=", StringComparison.Ordinal))?[3..].Trim('"')
            : null;
        if (id is not null && manifest.Image != id)
        {
            throw new UpgradeException($"the bundle is for image '{manifest.Image}', this box runs '{id}'");
        }

        var root = manifest.Files.FirstOrDefault(f => f.Target == "slot") ?? throw new UpgradeException("the bundle has no root file system");
        var capacity = Partitions.SizeOf(device);
        if (root.Size > capacity)
        {
            throw new UpgradeException($"{root.Name} is {root.Size} bytes; slot partition {device} holds {capacity}");
        }
    }

    private void WriteSlot(Stream data, UpdateFile file, string device)
    {
        using (var partition = new FileStream(device, FileMode.Open, FileAccess.Write, FileShare.None, 1 << 20))
        {
            var written = CopyHashing(data, partition, file);
            partition.Flush(flushToDisk: true);
            _report($"{file.Name}: {written} bytes written to {device}");
        }

        // Read back what the partition holds: a write that the device lost must not become a bootable slot.
        using var check = new FileStream(device, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 20);
        Verify(Hash(check, file.Size), file, $"{device} (read back)");
    }

    private void WriteBootFile(Stream data, UpdateFile file, string relative)
    {
        var path = Path.Combine(_bootMount, relative.TrimStart('/'));
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);

        // The boot partition has room for two kernels, not three: the old one of this slot goes first.
        File.Delete(path);
        using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            CopyHashing(data, output, file);
            output.Flush(flushToDisk: true);
        }

        FileSync.Directory(directory);
        using var check = File.OpenRead(path);
        Verify(Hash(check, file.Size), file, $"{path} (read back)");
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

    private static long CopyHashing(Stream source, Stream destination, UpdateFile file)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        long total = 0;
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            total += read;
            if (total > file.Size)
            {
                throw new UpgradeException($"{file.Name} is longer than the manifest's {file.Size} bytes");
            }

            sha.AppendData(buffer, 0, read);
            destination.Write(buffer, 0, read);
        }

        Verify(Convert.ToHexStringLower(sha.GetHashAndReset()), file, file.Name, total);
        return total;
    }

    private static string Hash(Stream stream, long length)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        var left = length;
        while (left > 0)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0)
            {
                break;
            }

            sha.AppendData(buffer, 0, read);
            left -= read;
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static void Verify(string sha256, UpdateFile file, string what, long? size = null)
    {
        if (size is { } actual && actual != file.Size)
        {
            throw new UpgradeException($"{what}: {actual} bytes, the manifest says {file.Size}");
        }

        if (!string.Equals(sha256, file.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new UpgradeException($"{what}: sha256 {sha256} does not match the manifest's {file.Sha256}");
        }
    }
}

/// <summary>An upgrade that cannot go on: the message says why; the confirmed slot is untouched.</summary>
public sealed class UpgradeException(string message) : Exception(message);
