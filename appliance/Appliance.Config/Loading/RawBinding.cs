using System.Text;
using Microsoft.Extensions.Configuration;

namespace Appliance.Config;

/// <summary>
/// The Microsoft.Extensions.Configuration side of loading: the Ini provider reads the text that
/// <see cref="StructureCheck"/> accepted (so it cannot meet a duplicate or malformed line and throw), and the
/// binding source generator fills <see cref="RawConfig"/> (AOT clean: no reflection).
/// </summary>
internal static class RawBinding
{
    public static RawConfig Bind(string acceptedText)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(acceptedText));
        var configuration = new ConfigurationBuilder().AddIniStream(stream).Build();
        var raw = new RawConfig();
        configuration.Bind(raw);
        return raw;
    }
}
