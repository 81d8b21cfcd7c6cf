using System.Text;
using Tmds.Linux;

namespace Appliance.Linux.Host;

/// <summary>mount(2) and the kernel's list of mounts (/proc/self/mountinfo).</summary>
public static unsafe class Mounts
{
    public const ulong NoSuid = 2;
    public const ulong NoDev = 4;
    public const ulong NoExec = 8;

    public static void Mount(string source, string target, string type, ulong flags, string? data = null)
    {
        Directory.CreateDirectory(target);
        var sourceBytes = Encoding.UTF8.GetBytes(source + "\0");
        var targetBytes = Encoding.UTF8.GetBytes(target + "\0");
        var typeBytes = Encoding.UTF8.GetBytes(type + "\0");
        var dataBytes = data is null ? null : Encoding.UTF8.GetBytes(data + "\0");
        fixed (byte* s = sourceBytes, t = targetBytes, f = typeBytes, d = dataBytes)
        {
            if (LibC.mount(s, t, f, (ulong_t)flags, d) == -1)
            {
                throw Interop.Failure($"mount {type} on {target}");
            }
        }
    }

    /// <summary>Makes a mounted file system read-write or read-only again (mount -o remount,rw|ro).</summary>
    public static void Remount(string target, bool readOnly)
    {
        var targetBytes = Encoding.UTF8.GetBytes(target + "\0");
        const ulong remount = 32; // MS_REMOUNT
        fixed (byte* t = targetBytes)
        {
            if (LibC.mount(null, t, null, (ulong_t)(remount | (readOnly ? 1UL : 0UL)), null) == -1)
            {
                throw Interop.Failure($"remount {target} {(readOnly ? "read-only" : "read-write")}");
            }
        }
    }

    /// <summary>Mount points of this mount namespace; empty when /proc is not mounted yet.</summary>
    public static IReadOnlySet<string> MountPoints()
    {
        const string path = "/proc/self/mountinfo";
        if (!File.Exists(path))
        {
            return new HashSet<string>();
        }

        // "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw": the fifth field is the mount point,
        // with spaces and such escaped as octal (\040).
        return File.ReadAllLines(path)
            .Select(line => line.Split(' '))
            .Where(fields => fields.Length > 4)
            .Select(fields => Unescape(fields[4]))
            .ToHashSet(StringComparer.Ordinal);
    }

    internal static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var result = new StringBuilder();
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && IsOctal(field, i + 1))
            {
                result.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                result.Append(field[i]);
            }
        }

        return result.ToString();
    }

    private static bool IsOctal(string text, int start) =>
        start + 3 <= text.Length && text.Substring(start, 3).All(c => c is >= '0' and <= '7');
}
