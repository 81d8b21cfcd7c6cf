using Tomlyn;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Appliance.ImageBuilder.Definition;

// Reads an image definition: TOML syntax, then keys this build does not know, then the typed model, then the
// rules in DefinitionValidator. Every rejection names file, line and column; nothing throws for a bad file.
internal static class DefinitionLoader
{
    // The keys the model accepts, found by writing out an instance with every section present: the model is the
    // only list of keys, so a new property cannot be forgotten here.
    private static readonly Lazy<HashSet<string>> KnownKeys = new(ComputeKnownKeys);

    public static DefinitionLoadResult Load(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            return DefinitionLoadResult.Failed(new DefinitionError(path, 1, 1, "image definition file not found"));
        }
        return Parse(File.ReadAllText(fullPath), path, Path.GetDirectoryName(fullPath)!);
    }

    public static DefinitionLoadResult Parse(string text, string sourceName, string baseDirectory)
    {
        var document = SyntaxParser.Parse(text, new TomlSerializerOptions { SourceName = sourceName }, sourceName, true);
        if (document.HasErrors)
        {
            var syntaxErrors = document.Diagnostics
                .Where(d => d.Kind == DiagnosticMessageKind.Error)
                .Select(d => new DefinitionError(sourceName, d.Span.Start.Line + 1, d.Span.Start.Column + 1, d.Message))
                .ToList();
            return DefinitionLoadResult.Failed([.. syntaxErrors]);
        }

        var locations = KeyLocations.Of(document);
        var errors = new List<DefinitionError>();
        var unknown = new List<string>();
        foreach (var key in locations.Keys)
        {
            // The keys of an unknown table are unknown too; the table is reported once.
            if (!KnownKeys.Value.Contains(key) && !unknown.Any(u => key.StartsWith(u + ".", StringComparison.Ordinal)))
            {
                unknown.Add(key);
                var (line, column) = locations.Find(key);
                errors.Add(new DefinitionError(sourceName, line, column, $"unknown key '{key}'"));
            }
        }
        if (errors.Count > 0)
        {
            return DefinitionLoadResult.Failed([.. errors]);
        }

        ImageDefinition? definition;
        try
        {
            definition = TomlSerializer.Deserialize(text, ImageDefinitionContext.Default.ImageDefinition);
        }
        catch (TomlException e)
        {
            return DefinitionLoadResult.Failed(new DefinitionError(sourceName, e.Line ?? 1, e.Column ?? 1, Reason(e)));
        }
        if (definition is null)
        {
            return DefinitionLoadResult.Failed(new DefinitionError(sourceName, 1, 1, "the file defines nothing"));
        }

        var validator = new DefinitionValidator(sourceName, baseDirectory, locations);
        var semanticErrors = validator.Validate(definition);
        return semanticErrors.Count > 0
            ? DefinitionLoadResult.Failed([.. semanticErrors])
            : new DefinitionLoadResult(definition, [], baseDirectory);
    }

    // Tomlyn prefixes its messages with "(line,col) : error : "; the position is reported separately.
    private static string Reason(TomlException e)
    {
        var message = e.Diagnostics is { Count: > 0 } diagnostics ? diagnostics[diagnostics.Count - 1].Message : e.Message;
        var marker = message.LastIndexOf(": error : ", StringComparison.Ordinal);
        var reason = marker >= 0 ? message[(marker + ": error : ".Length)..] : message;
        return reason.Trim();
    }

    private static HashSet<string> ComputeKnownKeys()
    {
        var sample = TomlSerializer.Serialize(new ImageDefinition(), ImageDefinitionContext.Default.ImageDefinition);
        var document = SyntaxParser.Parse(sample, new TomlSerializerOptions(), "schema", true);
        return [.. KeyLocations.Of(document).Keys];
    }
}

internal sealed record DefinitionLoadResult(ImageDefinition? Definition, IReadOnlyList<DefinitionError> Errors, string BaseDirectory)
{
    public static DefinitionLoadResult Failed(params DefinitionError[] errors) => new(null, errors, "");
}
