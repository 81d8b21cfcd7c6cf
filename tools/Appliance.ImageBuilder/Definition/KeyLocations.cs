using Tomlyn.Syntax;

namespace Appliance.ImageBuilder.Definition;

// Where each key of a TOML document is written: "disk.boot.size_mib" -> line and column (1-based), and array
// elements as "rootfs.drop[2]". Tomlyn's typed deserializer keeps no positions, so semantic errors look them up here.
internal sealed class KeyLocations
{
    private readonly Dictionary<string, (int Line, int Column)> _positions = new(StringComparer.Ordinal);
    private readonly List<string> _keys = [];

    public IReadOnlyList<string> Keys => _keys;

    public static KeyLocations Of(DocumentSyntax document)
    {
        var locations = new KeyLocations();
        foreach (var keyValue in document.KeyValues)
        {
            locations.AddKeyValue("", keyValue);
        }
        foreach (var table in document.Tables)
        {
            if (table.Name is null)
            {
                continue;
            }
            var tablePath = Join("", table.Name);
            locations.Add(tablePath, table.Name);
            foreach (var item in table.Items)
            {
                if (item is KeyValueSyntax keyValue)
                {
                    locations.AddKeyValue(tablePath, keyValue);
                }
            }
        }
        return locations;
    }

    public bool Contains(string path) => _positions.ContainsKey(path);

    // The position of the key itself, or of the nearest enclosing table that is written down.
    public (int Line, int Column) Find(string path)
    {
        for (var probe = path; probe.Length > 0; probe = Parent(probe))
        {
            if (_positions.TryGetValue(probe, out var position))
            {
                return position;
            }
        }
        return (1, 1);
    }

    private void AddKeyValue(string prefix, KeyValueSyntax keyValue)
    {
        if (keyValue.Key is null)
        {
            return;
        }
        var path = Join(prefix, keyValue.Key);
        Add(path, keyValue.Key);
        switch (keyValue.Value)
        {
            case InlineTableSyntax inline:
                foreach (var item in inline.Items)
                {
                    if (item.KeyValue is { } inner)
                    {
                        AddKeyValue(path, inner);
                    }
                }
                break;
            case ArraySyntax array:
                var index = 0;
                foreach (var item in array.Items)
                {
                    if (item.Value is not null)
                    {
                        var elementPath = $"{path}[{index}]";
                        _positions.TryAdd(elementPath, Position(item.Value));
                    }
                    index++;
                }
                break;
        }
    }

    private void Add(string path, SyntaxNode node)
    {
        if (_positions.TryAdd(path, Position(node)))
        {
            _keys.Add(path);
        }
    }

    private static (int Line, int Column) Position(SyntaxNode node) => (node.Span.Start.Line + 1, node.Span.Start.Column + 1);

    private static string Join(string prefix, KeySyntax key)
    {
        var parts = new List<string> { Segment(key.Key) };
        foreach (var dotted in key.DotKeys)
        {
            parts.Add(Segment(dotted.Key));
        }
        var joined = string.Join('.', parts);
        return prefix.Length == 0 ? joined : $"{prefix}.{joined}";
    }

    private static string Segment(BareKeyOrStringValueSyntax? key) => key switch
    {
        BareKeySyntax bare => bare.Key?.Text ?? "",
        StringValueSyntax quoted => quoted.Value ?? "",
        _ => "",
    };

    private static string Parent(string path)
    {
        var bracket = path.LastIndexOf('[');
        var dot = path.LastIndexOf('.');
        var cut = Math.Max(bracket, dot);
        return cut < 0 ? "" : path[..cut];
    }
}
