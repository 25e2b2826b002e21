using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kabin.Adapters.HttpApi.Yaml;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.HttpApi;

/// <summary>
/// Reads a request body as JSON (<c>application/json</c>, <c>*+json</c>) or otherwise as YAML,
/// which also takes JSON and several documents, so <c>curl --data-binary @deploy.yaml</c> works
/// whatever content type curl sends.
/// </summary>
public sealed class RequestBodies(IOptions<KabinApiOptions> options)
{
    public async Task<IReadOnlyList<JsonNode>> ReadDocumentsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        if (IsJson(request.ContentType))
        {
            try
            {
                return JsonNode.Parse(text) is { } node ? [node] : [];
            }
            catch (JsonException e)
            {
                throw InvalidEventDataException.ForField(e.Path ?? "$", $"the body is not valid JSON: {JsonErrorText.Describe(e)}");
            }
        }

        var limits = options.Value;
        return YamlJsonReader.ReadDocuments(text, new YamlLimits(limits.MaxDocuments, limits.MaxNodes, limits.MaxDepth));
    }

    /// <summary>Exactly one JSON object (or YAML mapping); anything else is a 422 that says so.</summary>
    public async Task<JsonObject> ReadObjectAsync(HttpRequest request, string expectation, CancellationToken cancellationToken)
    {
        var documents = await ReadDocumentsAsync(request, cancellationToken).ConfigureAwait(false);
        return documents is [JsonObject single]
            ? single
            : throw InvalidEventDataException.ForField("$", $"the body must be one JSON object: {expectation}.");
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Split(';')[0].Trim().EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}
