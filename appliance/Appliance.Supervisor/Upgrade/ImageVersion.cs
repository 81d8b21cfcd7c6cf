using System.Globalization;

namespace Appliance.Supervisor.Upgrade;

/// <summary>
/// An image version as the build writes it (`VERSION_ID` in /etc/os-release, "version" in a bundle's manifest):
/// MAJOR.MINOR[.PATCH[.N]][-PRERELEASE][+BUILD], ordered as Semantic Versioning orders it: numbers numerically,
/// a pre-release before its release, build metadata ignored (1.2.0+abc and 1.2.0+def are the same version).
/// </summary>
public sealed class ImageVersion : IComparable<ImageVersion>
{
    private const int MaxLength = 128;
    private readonly long[] _core;
    private readonly string[] _prerelease;

    private ImageVersion(long[] core, string[] prerelease)
    {
        _core = core;
        _prerelease = prerelease;
    }

    public static ImageVersion? TryParse(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return null;
        }

        var plus = text.IndexOf('+', StringComparison.Ordinal);
        var withoutBuild = plus >= 0 ? text[..plus] : text;
        var dash = withoutBuild.IndexOf('-', StringComparison.Ordinal);
        var core = (dash >= 0 ? withoutBuild[..dash] : withoutBuild).Split('.');
        var prerelease = dash >= 0 ? withoutBuild[(dash + 1)..].Split('.') : [];
        if (core.Length is < 2 or > 4 || prerelease.Any(p => p.Length == 0))
        {
            return null;
        }

        var numbers = new long[4];
        for (var i = 0; i < core.Length; i++)
        {
            if (core[i].Length is 0 or > 9 || !core[i].All(char.IsAsciiDigit))
            {
                return null;
            }

            numbers[i] = long.Parse(core[i], CultureInfo.InvariantCulture);
        }

        return new ImageVersion(numbers, prerelease);
    }

    public int CompareTo(ImageVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        for (var i = 0; i < _core.Length; i++)
        {
            if (_core[i] != other._core[i])
            {
                return _core[i].CompareTo(other._core[i]);
            }
        }

        // 1.2.0-rc.1 < 1.2.0: a release without a pre-release tag is the newer one.
        if (_prerelease.Length == 0 || other._prerelease.Length == 0)
        {
            return other._prerelease.Length.CompareTo(_prerelease.Length);
        }

        for (var i = 0; i < Math.Min(_prerelease.Length, other._prerelease.Length); i++)
        {
            var order = CompareIdentifier(_prerelease[i], other._prerelease[i]);
            if (order != 0)
            {
                return order;
            }
        }

        return _prerelease.Length.CompareTo(other._prerelease.Length);
    }

    private static int CompareIdentifier(string a, string b)
    {
        var aNumeric = a.Length <= 9 && a.All(char.IsAsciiDigit);
        var bNumeric = b.Length <= 9 && b.All(char.IsAsciiDigit);
        return (aNumeric, bNumeric) switch
        {
            (true, true) => long.Parse(a, CultureInfo.InvariantCulture).CompareTo(long.Parse(b, CultureInfo.InvariantCulture)),
            (true, false) => -1,
            (false, true) => 1,
            _ => string.CompareOrdinal(a, b),
        };
    }
}
