using System.Text;

namespace Appliance.Linux.Netlink;

/// <summary>The kernel's rules for interface names (dev_valid_name in net/core/dev.c).</summary>
internal static class InterfaceName
{
    /// <summary>IFNAMSIZ - 1: the name plus its NUL must fit 16 bytes.</summary>
    public const int MaxLength = Interop.IF_NAMESIZE - 1;

    public static void Validate(string name, string parameterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(name, parameterName);
        if (Encoding.UTF8.GetByteCount(name) > MaxLength)
        {
            throw new ArgumentException($"interface name \"{name}\" is longer than {MaxLength} bytes", parameterName);
        }

        if (name is "." or ".." || name.AsSpan().IndexOfAny('/', ':') >= 0 || name.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"interface name \"{name}\" is not allowed by the kernel ('/', ':', blanks, '.', '..')", parameterName);
        }
    }
}
