using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Kabin.Manifests.Tests.Support;

/// <summary>
/// Reads YAML documents into JSON nodes so that the checks can walk manifests with one API.
/// Every scalar becomes a string (<c>5</c>, <c>"5"</c> and <c>true</c> alike), which is all the
/// checks compare.
/// </summary>
public static class YamlJson
{
    public static IReadOnlyList<JsonNode?> ReadAll(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents.Select(document => Convert(document.RootNode))];
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value ?? "", Convert(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Convert)]),
        YamlScalarNode { Value: null or "~" or "null", Style: YamlDotNet.Core.ScalarStyle.Plain } => null,
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? ""),
        _ => throw new InvalidDataException($"Unsupported YAML node at {node.Start}."),
    };
}
