using System.Security.Cryptography;
using System.Text;
using Appliance.ImageBuilder.Definition;

namespace Appliance.ImageBuilder.Disk;

internal enum PartitionRole
{
    Boot,
    SlotA,
    SlotB,
    Data,
}

internal sealed record Partition(PartitionRole Role, string Name, long StartSector, long SizeSectors, Guid Type, Guid Id, bool LegacyBiosBootable)
{
    public long Offset => StartSector * PartitionLayout.SectorSize;
    public long Bytes => SizeSectors * PartitionLayout.SectorSize;
}

// Where each partition lies on the disk: boot, slot A, slot B, data, in that order from 1 MiB, aligned to 1 MiB.
// Identifiers are derived from the image and partition names so that the same definition gives the same disk.
internal sealed class PartitionLayout
{
    public const int SectorSize = 512;
    private const long SectorsPerMib = 1048576 / SectorSize;

    // GPT partition type GUIDs (UEFI spec; the Discoverable Partitions Specification for the x86-64 root).
    public static readonly Guid LinuxFilesystem = new("0FC63DAF-8483-4772-8E79-3D69D8477DE4");
    public static readonly Guid LinuxRootX8664 = new("4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709");

    private PartitionLayout(long diskSectors, Guid diskId, IReadOnlyList<Partition> partitions)
    {
        DiskSectors = diskSectors;
        DiskId = diskId;
        Partitions = partitions;
    }

    public long DiskSectors { get; }
    public long DiskBytes => DiskSectors * SectorSize;
    public Guid DiskId { get; }
    public IReadOnlyList<Partition> Partitions { get; }

    public Partition this[PartitionRole role] => Partitions.Single(p => p.Role == role);

    public static PartitionLayout For(string imageName, DiskSection disk)
    {
        var start = SectorsPerMib;
        var partitions = new List<Partition>();
        void Add(PartitionRole role, string name, int sizeMib, Guid type, bool bootable)
        {
            partitions.Add(new Partition(role, name, start, sizeMib * SectorsPerMib, type, DerivedGuid(imageName, name), bootable));
            start += sizeMib * SectorsPerMib;
        }
        Add(PartitionRole.Boot, disk.Boot.Name, disk.Boot.SizeMib, LinuxFilesystem, true);
        Add(PartitionRole.SlotA, disk.Slot.NamePrefix + "A", disk.Slot.SizeMib, LinuxRootX8664, false);
        Add(PartitionRole.SlotB, disk.Slot.NamePrefix + "B", disk.Slot.SizeMib, LinuxRootX8664, false);
        Add(PartitionRole.Data, disk.Data.Name, disk.Data.SizeMib, LinuxFilesystem, false);
        return new PartitionLayout(disk.SizeMib * SectorsPerMib, DerivedGuid(imageName, "disk"), partitions);
    }

    // The input sfdisk reads to write the GPT.
    public string SfdiskScript()
    {
        var script = new StringBuilder()
            .Append("label: gpt\n")
            .Append("label-id: ").Append(DiskId.ToString().ToUpperInvariant()).Append('\n')
            .Append("unit: sectors\n")
            .Append("first-lba: ").Append(SectorsPerMib).Append("\n\n");
        foreach (var p in Partitions)
        {
            script.Append("start=").Append(p.StartSector)
                .Append(", size=").Append(p.SizeSectors)
                .Append(", type=").Append(p.Type.ToString().ToUpperInvariant())
                .Append(", uuid=").Append(p.Id.ToString().ToUpperInvariant())
                .Append(", name=\"").Append(p.Name).Append('"');
            if (p.LegacyBiosBootable)
            {
                script.Append(", attrs=\"LegacyBIOSBootable\"");
            }
            script.Append('\n');
        }
        return script.ToString();
    }

    public static Guid DerivedGuid(string imageName, string what)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{imageName}/{what}"))[..16];
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 in Guid's little-endian field order
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }
}
