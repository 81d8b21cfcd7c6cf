using System.Text;
using Appliance.ImageBuilder.Definition;

namespace Appliance.ImageBuilder.Disk;

// The boot partition's extlinux configuration (contract in image/BOOT.md). extlinux.conf is written once, here;
// at run time only slot.cfg (the confirmed slot) and the ADV of ldlinux.sys (a one-time trial) change.
internal static class ExtlinuxConfig
{
    public const string Directory = "extlinux";
    public const string SlotFile = "slot.cfg";
    public static readonly string[] Slots = ["A", "B"];

    public static string Conf(BootloaderSection bootloader, string cmdline)
    {
        var text = new StringBuilder()
            .Append("# Written by the image build; not changed at run time (image/BOOT.md).\n")
            .Append("# The confirmed slot comes from slot.cfg; `appliance upgrade` asks for one boot of the other slot\n")
            .Append("# through the boot-once label in the ADV of ldlinux.sys, which ldlinux clears as it boots it.\n");
        if (bootloader.Serial.Length > 0)
        {
            text.Append("SERIAL ").Append(bootloader.Serial).Append('\n');
        }
        text.Append("PROMPT 0\n")
            .Append("# Used only when an entry fails to load: syslinux then shows its prompt and boots DEFAULT after this.\n")
            .Append("TIMEOUT ").Append(bootloader.FallbackTimeout).Append('\n')
            .Append("DEFAULT A\n")
            .Append("INCLUDE /").Append(Directory).Append('/').Append(SlotFile).Append("\n\n");
        foreach (var slot in Slots)
        {
            text.Append("LABEL ").Append(slot).Append('\n')
                .Append("  LINUX /").Append(slot).Append("/vmlinuz\n")
                .Append("  INITRD /").Append(slot).Append("/initrd.img\n")
                .Append("  APPEND ").Append(cmdline.Trim()).Append(" appliance.slot=").Append(slot).Append("\n\n");
        }
        return text.ToString();
    }

    public static string Slot(string slot) => $"DEFAULT {slot}\n";
}
