using System.Text.Json.Nodes;
using Kabin.Adapters.HttpApi.Yaml;

namespace Kabin.Host.Tests.Api;

/// <summary>YAML scalars typed as kubectl types them, and the reader's limits.</summary>
public sealed class YamlJsonReaderTests
{
    private static readonly YamlLimits s_limits = new(10, 1000, 16);

    [Theory]
    [InlineData("v: 3", "3")]
    [InlineData("v: -3", "-3")]
    [InlineData("v: 0x1F", "31")]
    [InlineData("v: 017", "15")]
    [InlineData("v: 1_000", "1000")]
    [InlineData("v: 1.5", "1.5")]
    [InlineData("v: 1e3", "1000")]
    [InlineData("v: true", "true")]
    [InlineData("v: yes", "true")]
    [InlineData("v: Off", "false")]
    [InlineData("v: ~", "null")]
    [InlineData("v:", "null")]
    [InlineData("v: '3'", "\"3\"")]
    [InlineData("v: \"yes\"", "\"yes\"")]
    [InlineData("v: !!str 3", "\"3\"")]
    [InlineData("v: 500m", "\"500m\"")]
    [InlineData("v: 1.2.3", "\"1.2.3\"")]
    [InlineData("v: .inf", "\".inf\"")]
    [InlineData("v: 18446744073709551615", "18446744073709551615")]
    [InlineData("v: 99999999999999999999", "1E+20")]
    public void Scalars_are_typed_as_kubectl_types_them(string yaml, string json)
    {
        var document = Assert.Single(YamlJsonReader.ReadDocuments(yaml, s_limits));

        Assert.Equal(json, document["v"]?.ToJsonString() ?? "null");
    }

    [Fact]
    public void Anchors_aliases_and_merge_keys_are_expanded_and_empty_documents_skipped()
    {
        const string yaml = "---\n---\nbase: &b {cpu: 1, memory: 1Gi}\nlimits:\n  <<: *b\n  cpu: 2\ncopy: *b\n---\n";

        var document = Assert.Single(YamlJsonReader.ReadDocuments(yaml, s_limits));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"cpu":2,"memory":"1Gi"}"""), document["limits"]));
        Assert.True(JsonNode.DeepEquals(document["base"], document["copy"]));
    }

    [Theory]
    [InlineData("a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n")]
    [InlineData("a: 1\na: 2\n")]
    [InlineData("? [complex]\n: key\n")]
    [InlineData("a: *nowhere\n")]
    public void Unsafe_or_unmappable_yaml_is_invalid_input(string yaml) =>
        Assert.Throws<InvalidEventDataException>(() => YamlJsonReader.ReadDocuments(yaml, s_limits));

    [Fact]
    public void Nesting_beyond_the_limit_is_refused() =>
        Assert.Throws<InvalidEventDataException>(() => YamlJsonReader.ReadDocuments(new string('[', 40) + new string(']', 40), s_limits));
}
