using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kabin.Policy;
using Kabin.Tenants;

namespace Kabin.Reliability.Tests.Support;

/// <summary>
/// Judges the answer to a hostile request: a 4xx problem that says something, a rejection event,
/// a denying verdict, or an AdmissionReview whose every allow the policy engine, asked directly,
/// agrees with. Returns null when the answer is acceptable, else what is wrong with it.
/// </summary>
public sealed class AnswerJudge(IPolicyEngine engine, ITenantDirectory tenants, IReadOnlySet<string> tenantNamespaces)
{
    public async Task<string?> JudgeAsync(HostileRequest hostile, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        if (status is >= 400 and < 500)
        {
            return IsProblem(response, body) ? null : $"{status} without a problem detail: {Clip(body)}";
        }

        if (status == 202 && hostile.Expect == Expect.ProblemOrIgnored && body.Length == 0)
        {
            return null;
        }

        if (status != 200)
        {
            return $"answered {status}: {Clip(body)}";
        }

        var replyType = response.Headers.TryGetValues("ce-type", out var types) ? types.Single() : null;
        return hostile.Expect switch
        {
            Expect.ProblemOrRejected when replyType?.EndsWith(".rejected", StringComparison.Ordinal) == true
                && JsonNode.Parse(body)?["reasons"] is JsonArray { Count: > 0 } => null,
            Expect.ProblemOrDenied when replyType == "dev.kabin.policy.checked" && JsonNode.Parse(body)?["allowed"]?.GetValue<bool>() == false => null,
            Expect.ProblemOrDenied when replyType is null && body.StartsWith('{') && JsonNode.Parse(body)?["allowed"]?.GetValue<bool>() == false => null,
            Expect.Review => await JudgeReviewAsync(hostile.Review!, JsonNode.Parse(body)!.AsObject(), hostile.Request.RequestUri!.OriginalString),
            _ => $"200 with reply {replyType ?? "(none)"}: {Clip(body)} for …{(await hostile.Request.Content!.ReadAsStringAsync())[^200..]}",
        };
    }

    private async Task<string?> JudgeReviewAsync(JsonObject sent, JsonObject answer, string path)
    {
        var request = sent["request"]!.AsObject();
        var response = answer["response"]?.AsObject();
        if (response?["uid"]?.GetValue<string>() != request["uid"]!.GetValue<string>())
        {
            return "review answered with another uid";
        }

        if (response["allowed"]?.GetValue<bool>() != true)
        {
            var code = response["status"]?["code"]?.GetValue<int>();
            var message = response["status"]?["message"]?.GetValue<string>();
            return code is >= 400 and < 500 && !string.IsNullOrWhiteSpace(message) ? null : $"denial with code {code} and message '{message}'";
        }

        if (path.EndsWith("mutate", StringComparison.Ordinal))
        {
            return PatchOnlySetsRuntimeClassAndPullPolicy(response);
        }

        // An allow: the engine, asked directly about the same object for the namespace's tenant, must allow too.
        var ns = request["namespace"]?.GetValue<string>() is { Length: > 0 } given ? given : request["object"]?["metadata"]?["namespace"]?.GetValue<string>();
        var tenant = ns is null ? null : await tenants.FindByNamespaceAsync(ns, CancellationToken.None);
        if (tenant is null)
        {
            return ns is not null && tenantNamespaces.Contains(ns) ? $"allowed in tenant namespace {ns} without a tenant" : null;
        }

        var workload = request["object"]!.DeepClone().AsObject();
        if (workload["metadata"] is JsonObject metadata && metadata["namespace"] is null)
        {
            metadata["namespace"] = ns;
        }

        return engine.Check(workload, tenant).Allowed ? null : $"admitted in {ns} although the engine denies: {Clip(request["object"]!.ToJsonString())}";
    }

    private static string? PatchOnlySetsRuntimeClassAndPullPolicy(JsonObject response)
    {
        if (response["patch"]?.GetValue<string>() is not { } patch)
        {
            return null;
        }

        // The mutating webhook sets two things: the runtime class, and imagePullPolicy Always, to that value only.
        var operations = JsonNode.Parse(Convert.FromBase64String(patch))!.AsArray();
        return operations.All(o => o!["path"]!.GetValue<string>().EndsWith("runtimeClassName", StringComparison.Ordinal)
                || (o["path"]!.GetValue<string>().EndsWith("/imagePullPolicy", StringComparison.Ordinal) && o["value"]?.GetValue<string>() == "Always"
                    && o["op"]!.GetValue<string>() is "add" or "replace"))
            ? null
            : $"mutation patched more than the runtime class and pull policy: {Encoding.UTF8.GetString(Convert.FromBase64String(patch))}";
    }

    private static bool IsProblem(HttpResponseMessage response, string body)
    {
        if (body.Length == 0 && response.StatusCode is HttpStatusCode.RequestHeaderFieldsTooLarge or HttpStatusCode.BadRequest
            or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
        {
            // Refused before any Kabin endpoint ran: Kestrel (oversized headers, a NUL in the path) or routing
            // (no such route or method). Every Kabin endpoint answers with a problem body.
            return true;
        }

        return response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            && JsonNode.Parse(body)?["detail"]?.GetValue<string>() is { Length: > 10 };
    }

    private static string Clip(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
