using System.Text.Json.Nodes;
using Kabin.Adapters.HttpApi.Access;
using Kabin.Events;
using Kabin.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Kabin.Adapters.HttpApi.Policy;

/// <summary>
/// <c>POST /policy/check</c>: each document of the body (JSON, YAML or multi-document YAML) is a
/// <c>dev.kabin.policy.check.requested</c> event through the policy function, and its verdict is
/// the data of the <c>dev.kabin.policy.checked</c> reply. A denial is an answer, not an error: 200.
/// The whole output of <c>kubectl kustomize</c> (or a <c>kind: List</c>) may be sent: objects that
/// run no pod are listed as not checked, Services are judged by the tenant's service rules.
/// </summary>
public static class PolicyEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/policy/check", CheckAsync).WithName("CheckPolicy").WithMetadata(new AccessRule("create", "policychecks")).WithTags("policy")
            .WithSummary("Judge Kubernetes objects against a tenant's policy (dev.kabin.policy.check.requested per document)")
            .Body<JsonObject>()
            .Produces<PolicyCheckReport>(StatusCodes.Status200OK)
            .Problems(StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<Ok<PolicyCheckReport>> CheckAsync(
        HttpRequest request, [FromServices] RequestBodies bodies, [FromServices] ApiEventRunner runner,
        [FromServices] Microsoft.Extensions.Options.IOptions<KabinApiOptions> options, CancellationToken cancellationToken, string? tenant = null)
    {
        var maxDocuments = options.Value.MaxDocuments;
        var documents = Flattened(await bodies.ReadDocumentsAsync(request, cancellationToken).ConfigureAwait(false), maxDocuments);
        if (documents.Count == 0)
        {
            throw InvalidEventDataException.ForField("$", "the body holds no Kubernetes object; send one as JSON or YAML.");
        }

        var verdicts = new List<PolicyDocumentVerdict>(documents.Count);
        for (var index = 0; index < documents.Count; index++)
        {
            if (documents[index] is not JsonObject workload)
            {
                throw InvalidEventDataException.ForField(Where(index, documents.Count), "must be a Kubernetes object (a mapping).");
            }

            var data = new JsonObject { ["object"] = workload.DeepClone() };
            if (tenant is not null)
            {
                data["tenant"] = tenant;
            }

            var reply = await CheckOneAsync(data, index, documents.Count, runner, cancellationToken).ConfigureAwait(false);
            var result = EventData.Read(reply, PolicyJsonContext.Default.PolicyCheckResult);
            var metadata = workload["metadata"] as JsonObject;
            verdicts.Add(new PolicyDocumentVerdict(
                index, Text(workload["kind"]), Text(metadata?["namespace"]), Text(metadata?["name"]), result));
        }

        return TypedResults.Ok(new PolicyCheckReport(verdicts.All(verdict => verdict.Result.Allowed), verdicts));
    }

    private static async Task<CloudNative.CloudEvents.CloudEvent> CheckOneAsync(
        JsonObject data, int index, int count, ApiEventRunner runner, CancellationToken cancellationToken)
    {
        try
        {
            return await runner.RunAsync(PolicyEventTypes.CheckRequested, null, data, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The policy function answered a check without a verdict.");
        }
        catch (InvalidEventDataException e) when (count > 1)
        {
            // Say which document of a multi-document body was wrong.
            var where = Where(index, count);
            throw new InvalidEventDataException($"{where}: {e.Message}", [.. e.Errors.Select(error => error with { Field = $"{where}.{error.Field}" })]);
        }
    }

    /// <summary>
    /// The documents with each <c>kind: List</c> (what <c>kubectl get -o yaml</c> prints) replaced
    /// by its items, within the same bound on documents.
    /// </summary>
    private static List<JsonNode> Flattened(IReadOnlyList<JsonNode> documents, int maxDocuments)
    {
        var flat = new List<JsonNode>(documents.Count);
        foreach (var document in documents)
        {
            var items = document is JsonObject list && Text(list["kind"]) == "List" && Text(list["apiVersion"]) == "v1" && list["items"] is JsonArray listed
                ? listed.Select(item => item ?? JsonValue.Create(0)).ToList()
                : [document];
            if (flat.Count + items.Count > maxDocuments)
            {
                throw InvalidEventDataException.ForField("$",
                    $"the body holds more than {maxDocuments.ToString(System.Globalization.CultureInfo.InvariantCulture)} objects (List items count); split it into several requests.");
            }

            flat.AddRange(items.Select(item => item.DeepClone()));
        }

        return flat;
    }

    private static string Where(int index, int count) => count > 1 ? $"documents[{index}]" : "$";

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : null;
}
