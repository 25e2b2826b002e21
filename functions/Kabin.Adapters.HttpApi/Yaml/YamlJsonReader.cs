using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Kabin.Adapters.HttpApi.Yaml;

/// <summary>
/// Reads a YAML stream (one or more documents) into JSON nodes with the YamlDotNet parser's
/// events only, no reflection, so it is trim- and AOT-safe. Empty documents are skipped as
/// kubectl skips them; aliases are expanded (counted against the node limit, which defuses
/// "billion laughs"); merge keys (<c>&lt;&lt;</c>) are honoured; a duplicate key is an error.
/// </summary>
public static class YamlJsonReader
{
    public static IReadOnlyList<JsonNode> ReadDocuments(string text, YamlLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            var documents = new List<JsonNode>();
            var budget = new YamlBudget(limits);
            while (!parser.TryConsume<StreamEnd>(out _))
            {
                parser.Consume<DocumentStart>();
                var anchors = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
                var root = parser.Accept<DocumentEnd>(out _) ? null : ReadNode(parser, anchors, budget, 0);
                parser.Consume<DocumentEnd>();
                if (root is null)
                {
                    continue;
                }

                if (documents.Count == limits.MaxDocuments)
                {
                    throw InvalidEventDataException.ForField("$",
                        $"the body holds more than {limits.MaxDocuments.ToString(CultureInfo.InvariantCulture)} documents; split it into several requests.");
                }

                documents.Add(root);
            }

            return documents;
        }
        catch (YamlException e)
        {
            var where = $"line {e.Start.Line.ToString(CultureInfo.InvariantCulture)}, column {e.Start.Column.ToString(CultureInfo.InvariantCulture)}";
            throw InvalidEventDataException.ForField("$", $"the body is not valid YAML or JSON at {where}: {e.Message}");
        }
    }

    private static JsonNode? ReadNode(IParser parser, Dictionary<string, JsonNode?> anchors, YamlBudget budget, int depth)
    {
        budget.Count(1);
        if (depth > budget.Limits.MaxDepth)
        {
            throw InvalidEventDataException.ForField("$",
                $"the document nests deeper than {budget.Limits.MaxDepth.ToString(CultureInfo.InvariantCulture)} levels.");
        }

        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (!anchors.TryGetValue(alias.Value.Value, out var anchored))
            {
                throw new YamlException(alias.Start, alias.End, $"alias *{alias.Value.Value} names no anchor defined before it.");
            }

            budget.Count(CountNodes(anchored));
            return anchored?.DeepClone();
        }

        JsonNode? node;
        var anchor = parser.Current is NodeEvent { Anchor.IsEmpty: false } anchoredEvent ? anchoredEvent.Anchor.Value : null;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            node = YamlScalars.Resolve(scalar);
        }
        else if (parser.TryConsume<SequenceStart>(out _))
        {
            var array = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                array.Add(ReadNode(parser, anchors, budget, depth + 1));
            }

            node = array;
        }
        else
        {
            node = ReadMapping(parser, parser.Consume<MappingStart>(), anchors, budget, depth);
        }

        if (anchor is not null)
        {
            anchors[anchor] = node?.DeepClone();
        }

        return node;
    }

    private static JsonObject ReadMapping(
        IParser parser, MappingStart start, Dictionary<string, JsonNode?> anchors, YamlBudget budget, int depth)
    {
        var mapping = new JsonObject();
        var merged = new List<JsonObject>();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            if (!parser.TryConsume<Scalar>(out var key))
            {
                throw new YamlException(start.Start, start.End, "a mapping key must be a scalar to become a JSON field name.");
            }

            var value = ReadNode(parser, anchors, budget, depth + 1);
            if (key is { Value: "<<", Style: ScalarStyle.Plain })
            {
                merged.AddRange(value switch
                {
                    JsonObject single => [single],
                    JsonArray many => many.OfType<JsonObject>(),
                    _ => throw new YamlException(key.Start, key.End, "a merge key (<<) needs a mapping or a list of mappings."),
                });
                continue;
            }

            if (!mapping.TryAdd(key.Value, value))
            {
                throw new YamlException(key.Start, key.End, $"key '{key.Value}' appears twice in one mapping.");
            }
        }

        foreach (var (name, value) in merged.SelectMany(source => source))
        {
            mapping.TryAdd(name, value?.DeepClone());
        }

        return mapping;
    }

    private static int CountNodes(JsonNode? node) => node switch
    {
        JsonObject obj => 1 + obj.Sum(pair => CountNodes(pair.Value)),
        JsonArray array => 1 + array.Sum(CountNodes),
        _ => 1,
    };
}
