using Appliance.ImageBuilder.Build;
using Appliance.ImageBuilder.Disk;
using Appliance.ImageBuilder.Host;
using Appliance.Supervisor.Upgrade;

namespace Appliance.ImageBuilder.Steps;

// The raw GPT disk: gptmbr.bin in the MBR; the boot partition (ext4, LegacyBIOSBootable) with extlinux and a
// kernel and initramfs per slot; the squashfs in slots A and B; an empty ext4 data partition.
internal sealed class DiskStep : IBuildStep
{
    public const string FileName = "disk.img";

    public string Name => "disk";

    public IReadOnlyList<string> DependsOn => ["squashfs", "kernel"];

    public void AddInputs(BuildContext context, ContentHash hash)
    {
        var d = context.Definition;
        hash.AddFile("squashfs", context.Image(SquashfsStep.FileName))
            .AddFile("vmlinuz", context.Image(KernelStep.VmlinuzName))
            .AddFile("initrd", context.Image(KernelStep.InitrdName))
            .AddFile("mbr", d.Bootloader.Mbr)
            .Add("layout", PartitionLayout.For(d.Image.Name, d.Disk).SfdiskScript())
            .Add("extlinux", ExtlinuxConfig.Conf(d.Bootloader, d.Kernel.Cmdline));
    }

    public IReadOnlyList<string> Outputs(BuildContext context) => [context.Image(FileName)];

    public void Run(BuildContext context)
    {
        var d = context.Definition;
        var layout = PartitionLayout.For(d.Image.Name, d.Disk);
        var squashfs = context.Image(SquashfsStep.FileName);
        var slotBytes = layout[PartitionRole.SlotA].Bytes;
        var squashfsBytes = new FileInfo(squashfs).Length;
        if (squashfsBytes > slotBytes)
        {
            throw new BuildException($"the root squashfs is {BuildRunner.Megabytes(squashfsBytes)} but a slot holds {BuildRunner.Megabytes(slotBytes)} (disk.slot.size_mib)");
        }

        var boot = context.Work("boot.ext4");
        BuildBootPartition(context, layout, boot);
        var data = context.Work("data.ext4");
        Ext4Image.Create(data, layout[PartitionRole.Data].Bytes, d.Disk.Data.Name, layout[PartitionRole.Data].Id, inodes: 1024, growable: true);

        var disk = context.Image(FileName);
        var partial = disk + ".partial";
        File.Delete(partial);
        using (var stream = File.Create(partial))
        {
            stream.SetLength(layout.DiskBytes);
        }
        using (var script = new MemoryStream(System.Text.Encoding.ASCII.GetBytes(layout.SfdiskScript())))
        {
            Exec.Run("sfdisk", ["--quiet", "--no-reread", "--no-tell-kernel", partial], stdin: script);
        }
        using (var stream = new FileStream(partial, FileMode.Open, FileAccess.Write))
        {
            // gptmbr.bin is the 440 bytes of boot code before the disk signature and the protective MBR entry.
            var mbr = File.ReadAllBytes(d.Bootloader.Mbr);
            stream.Write(mbr.AsSpan(0, Math.Min(mbr.Length, 440)));
            CopyInto(stream, boot, layout[PartitionRole.Boot]);
            CopyInto(stream, squashfs, layout[PartitionRole.SlotA]);
            CopyInto(stream, squashfs, layout[PartitionRole.SlotB]);
            CopyInto(stream, data, layout[PartitionRole.Data]);
        }
        File.Move(partial, disk, overwrite: true);
        File.Delete(boot);
        File.Delete(data);
    }

    private static void BuildBootPartition(BuildContext context, PartitionLayout layout, string image)
    {
        var d = context.Definition;
        var partition = layout[PartitionRole.Boot];
        Ext4Image.Create(image, partition.Bytes, d.Disk.Boot.Name, partition.Id, inodes: 64, growable: false);
        using var mount = new LoopMount(image, context.Work("boot-mnt"));
        var extlinux = Path.Combine(mount.MountPoint, ExtlinuxConfig.Directory);
        Directory.CreateDirectory(extlinux);
        File.WriteAllText(Path.Combine(extlinux, "extlinux.conf"), ExtlinuxConfig.Conf(d.Bootloader, d.Kernel.Cmdline));
        File.WriteAllText(Path.Combine(extlinux, ExtlinuxConfig.SlotFile), ExtlinuxConfig.Slot("A"));
        foreach (var slot in ExtlinuxConfig.Slots)
        {
            var directory = Path.Combine(mount.MountPoint, slot);
            Directory.CreateDirectory(directory);
            File.Copy(context.Image(KernelStep.VmlinuzName), Path.Combine(directory, "vmlinuz"));
            File.Copy(context.Image(KernelStep.InitrdName), Path.Combine(directory, "initrd.img"));
        }
        FileTree.Remove(Path.Combine(mount.MountPoint, "lost+found"));
        Exec.Run("extlinux", ["--install", extlinux]);
        // extlinux marks ldlinux.sys immutable; the ADV at its end is rewritten at run time (BOOT.md), in place,
        // which the immutable flag would refuse. Nothing ever moves the file.
        var ldlinux = Path.Combine(extlinux, "ldlinux.sys");
        Exec.Run("chattr", ["-i", ldlinux]);
        var adv = File.ReadAllBytes(ldlinux)[^SyslinuxAdv.Length..];
        if (!SyslinuxAdv.TryDecodeBootOnce(adv, out var once) || once is not null)
        {
            throw new BuildException("extlinux --install left no empty ADV at the end of ldlinux.sys; the A/B contract in BOOT.md relies on it");
        }
    }

    private static void CopyInto(FileStream disk, string file, Partition partition)
    {
        using var source = File.OpenRead(file);
        if (source.Length > partition.Bytes)
        {
            throw new BuildException($"{Path.GetFileName(file)} ({source.Length} bytes) does not fit partition {partition.Name} ({partition.Bytes} bytes)");
        }
        // Zero blocks are skipped, not written: the disk file stays sparse (the data partition is mostly zeros).
        var buffer = new byte[1 << 16];
        var position = partition.Offset;
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            if (buffer.AsSpan(0, read).ContainsAnyExcept((byte)0))
            {
                disk.Position = position;
                disk.Write(buffer, 0, read);
            }
            position += read;
        }
    }
}
