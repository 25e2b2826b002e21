using Kabin.Adapters.CloudEvents;
using Kabin.Sandboxes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kabin.Adapters.HttpApi.Sandboxes;

/// <summary>
/// Maps a <c>dev.kabin.sandbox.rejected</c> reply to a status by its rules: an unknown tenant or
/// sandbox is 404; a full tenant or one being provisioned is 409 (the same request can succeed
/// later); every other rule (policy, size, time-to-live, the API server's refusal) is 422 listing
/// each offending field. An unknown tenant is told in this API's terms (PUT the tenant), not in the
/// CloudEvents terms the sandbox function's own message uses.
/// </summary>
internal static class SandboxRefusals
{
    public static JsonHttpResult<HttpProblem> ToProblem(SandboxEventData rejected)
    {
        var reasons = rejected.Reasons ?? [];
        var detail = string.Join(" ", reasons.Select(reason => reason.Message));
        var errors = reasons.Select(reason => new FieldError(reason.Path, $"{reason.Rule}: {reason.Message}")).ToArray();
        if (reasons.Any(reason => reason.Rule is "tenant/unknown"))
        {
            return ApiProblems.NotFound(
                $"Tenant '{rejected.Tenant}' does not exist. Create it first with PUT /tenants/{rejected.Tenant}, or name an existing tenant.");
        }

        if (reasons.Any(reason => reason.Rule is "sandbox/unknown"))
        {
            return ApiProblems.NotFound(detail);
        }

        return reasons.Any(reason => reason.Rule is "sandbox/max-count" or "tenant/not-provisioned")
            ? ApiProblems.Conflict(detail, errors)
            : ApiProblems.Rejected($"The sandbox function refused the request: {detail}", errors);
    }
}
