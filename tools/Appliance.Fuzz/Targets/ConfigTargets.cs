using System.Text;
using Appliance.Config;

namespace Appliance.Fuzz;

/// <summary>
/// appliance.ini and keepalived.conf as the box reads them. Both loaders promise never to throw and turn a bug of
/// theirs into an "internal error" diagnostic or note, so the targets treat that text as the crash it stands for;
/// the importer also promises that what it writes validates.
/// </summary>
internal static class ConfigTargets
{
    public static void Ini(ReadOnlySpan<byte> input)
    {
        var text = Encoding.UTF8.GetString(input);

        // ConfigDocument's promise: ToString() returns the input unchanged until an edit is made.
        FuzzFinding.Require(ConfigDocument.Parse(text).ToString() == text, "a document renders its text unchanged");

        var result = ApplianceConfigLoader.Load(text);
        FuzzFinding.Require(!result.Errors.Any(e => e.Message.StartsWith("internal error", StringComparison.Ordinal)),
            $"the loader failed: {result.Format()}");
        FuzzFinding.Require(result.HasErrors == (result.Config is null), "a configuration is returned exactly when there is no error");
    }

    public static void Keepalived(ReadOnlySpan<byte> input)
    {
        var import = KeepalivedImporter.Import(Encoding.UTF8.GetString(input));
        FuzzFinding.Require(!import.Notes.Any(n => n.Message.StartsWith("internal error", StringComparison.Ordinal)),
            $"the importer failed: {string.Join('\n', import.Notes)}");

        // KeepalivedImporter's promise: the appliance.ini it writes validates, whatever the input.
        var check = ApplianceConfigLoader.Load(import.IniText);
        FuzzFinding.Require(!check.HasErrors, $"the imported configuration does not validate: {check.Format()}\n{import.IniText}");
    }
}
