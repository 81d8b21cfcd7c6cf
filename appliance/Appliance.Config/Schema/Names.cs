namespace Appliance.Config;

/// <summary>Syntax of the names the file uses: instance names, interface names, hostnames, kernel modules.</summary>
internal static class Names
{
    public const int MaxInterfaceName = 15; // IFNAMSIZ - 1
    public const int MaxInstanceName = 32;

    public static string? InterfaceNameProblem(string name)
    {
        if (name.Length is 0 or > MaxInterfaceName)
        {
            return $"interface names are 1-{MaxInterfaceName} characters";
        }

        if (name is "." or ".." || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            return "interface names use letters, digits, '.', '_' and '-'";
        }

        return null;
    }

    public static string? InstanceNameProblem(string name)
    {
        if (name.Length is 0 or > MaxInstanceName)
        {
            return $"instance names are 1-{MaxInstanceName} characters";
        }

        if (!char.IsAsciiLetterOrDigit(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            return "instance names start with a letter or digit and use letters, digits, '.', '_' and '-'";
        }

        return null;
    }

    /// <summary>RFC 1123 section 2.1 host name label.</summary>
    public static string? HostnameProblem(string name)
    {
        if (name.Length is 0 or > 63)
        {
            return "a hostname is 1-63 characters (one RFC 1123 label, no dots)";
        }

        if (name.Contains('.'))
        {
            return "a hostname is one RFC 1123 label: no dots (set the domain elsewhere)";
        }

        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            return "a hostname uses only letters, digits and '-' (RFC 1123)";
        }

        if (name[0] == '-' || name[^1] == '-')
        {
            return "a hostname cannot start or end with '-' (RFC 1123)";
        }

        return null;
    }

    /// <summary>Kernel module names as modprobe takes them; MODULE_NAME_LEN is 56 with the NUL.</summary>
    public static string? ModuleNameProblem(string name)
    {
        if (name.Length is 0 or > 55)
        {
            return "module names are 1-55 characters";
        }

        return name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            ? null
            : "module names use letters, digits, '_' and '-' (no paths, no .ko)";
    }

    /// <summary>A check's name: the syntax of instance names.</summary>
    public static string? CheckNameProblem(string name) =>
        InstanceNameProblem(name)?.Replace("instance names", "check names", StringComparison.Ordinal);

    /// <summary>
    /// An anycast group's name becomes part of BIRD protocol and filter names (<c>anycast_web</c>), which BIRD reads
    /// as symbols: letters, digits and '_', starting with a letter.
    /// </summary>
    public static string? AnycastNameProblem(string name)
    {
        if (name.Length is 0 or > MaxInstanceName)
        {
            return $"anycast names are 1-{MaxInstanceName} characters";
        }

        return char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? null
            : "anycast names start with a letter and use letters, digits and '_' (they become BIRD protocol names)";
    }

    /// <summary>A tracked object's name: nginx, an interface name or a check name.</summary>
    public static string? TrackObjectProblem(string name) =>
        string.Equals(name, TrackSpec.Nginx, StringComparison.OrdinalIgnoreCase) || InterfaceNameProblem(name) is null ? null : CheckNameProblem(name);
}
