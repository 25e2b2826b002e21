using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Kabin.Core.Tests.Policy;

/// <summary>
/// Reads a YAML document into a JsonObject the way Kubernetes reads manifests: plain scalars
/// <c>true</c>/<c>false</c>, numbers and <c>null</c> become JSON values; quoted scalars stay strings.
/// </summary>
internal static class YamlJson
{
    public static JsonObject ReadFile(string path)
    {
        using var reader = new StreamReader(path);
        return Read(reader);
    }

    public static JsonObject Parse(string yaml)
    {
        using var reader = new StringReader(yaml);
        return Read(reader);
    }

    private static JsonObject Read(TextReader reader)
    {
        var stream = new YamlStream();
        stream.Load(reader);
        return Convert(stream.Documents[0].RootNode) as JsonObject
            ?? throw new InvalidDataException("The YAML document is not a mapping.");
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ConvertMapping(mapping),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Convert)]),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => throw new InvalidDataException($"Unsupported YAML node {node.NodeType}."),
    };

    private static JsonObject ConvertMapping(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            result[((YamlScalarNode)key).Value!] = Convert(value);
        }

        return result;
    }

    private static JsonValue? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not YamlDotNet.Core.ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && !text.Contains(':') => JsonValue.Create(real),
            _ => JsonValue.Create(text),
        };
    }
}
