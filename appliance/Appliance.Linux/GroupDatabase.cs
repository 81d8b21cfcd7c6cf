using System.Globalization;

namespace Appliance.Linux;

/// <summary>
/// Group names to ids from <c>/etc/group</c> (the image has no NSS modules beyond files). Read when needed, so a
/// group added after boot is found; the file is read line by line up to a bound.
/// </summary>
public static class GroupDatabase
{
    private const int MaxLines = 10_000;

    public static uint? FindGid(string name, string path = "/etc/group")
    {
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path).Take(MaxLines))
        {
            // name:password:gid:members
            var fields = line.Split(':');
            if (fields.Length >= 3 && fields[0] == name && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
            {
                return gid;
            }
        }

        return null;
    }
}
