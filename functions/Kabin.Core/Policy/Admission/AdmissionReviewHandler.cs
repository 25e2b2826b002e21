using System.Diagnostics;
using System.Text.Json.Nodes;
using Kabin.Telemetry;
using Kabin.Tenants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kabin.Policy;

/// <summary>
/// The admission webhooks as core logic: an AdmissionReview in, an AdmissionReview out. The
/// webhooks are sent only tenant namespaces, so an object in a namespace without a readable tenant
/// record is denied, unless the namespace is exempt (<see cref="AdmissionOptions"/>). A malformed
/// review throws <see cref="InvalidEventDataException"/> (400); any other failure while checking denies.
/// </summary>
public sealed partial class AdmissionReviewHandler(
    IPolicyEngine engine,
    ITenantDirectory tenants,
    IOptions<AdmissionOptions> options,
    ILogger<AdmissionReviewHandler> logger,
    KabinMetrics? metrics = null)
{
    private readonly KabinMetrics _metrics = metrics ?? KabinMetrics.Unobserved;

    public Task<JsonObject> ValidateAsync(JsonNode? body, CancellationToken cancellationToken) =>
        MeasuredReviewAsync("validate", body, "check this object", "it", Validate, cancellationToken, guard: true);

    private (JsonObject Review, string? DeniedBy) Validate(AdmissionRequest request, JsonObject workload, TenantRecord tenant)
    {
        var verdict = engine.Check(WithNamespace(workload, request), tenant);
        if (verdict.Allowed)
        {
            return (AdmissionResponses.Allowed(request.Uid, verdict.Warnings), null);
        }

        _metrics.ViolationsFound(verdict.Violations, "admission");
        var subject = Subject(workload, request);
        LogDenied(logger, subject, tenant.Name, verdict.Violations.Count, request.DryRun);
        return (AdmissionResponses.Denied(
            request.Uid, 403, "Forbidden", AdmissionResponses.Describe(subject, verdict.Violations), verdict.Warnings),
            verdict.Violations[0].Rule);
    }

    /// <summary>
    /// A span and the <c>kabin.admission.*</c> measurements around one review: decision
    /// <c>allowed</c>, <c>denied</c> (by policy or for want of a tenant) or <c>error</c> (denied because
    /// the check failed). A malformed review (400) is counted as <c>malformed</c>.
    /// </summary>
    private async Task<JsonObject> MeasuredReviewAsync(
        string webhook, JsonNode? body, string action, string denied,
        Func<AdmissionRequest, JsonObject, TenantRecord, (JsonObject Review, string? DeniedBy)> decide,
        CancellationToken cancellationToken, bool guard = false)
    {
        using var activity = KabinTelemetry.Source.StartActivity("kabin.admission " + webhook, ActivityKind.Server);
        var startedAt = Stopwatch.GetTimestamp();
        var decision = "malformed";
        string? rule = null;
        try
        {
            (var review, rule) = await ReviewAsync(body, action, denied, decide, guard, cancellationToken).ConfigureAwait(false);
            decision = DecisionOf(review);
            activity?.SetTag("kabin.admission.decision", decision);
            return review;
        }
        finally
        {
            _metrics.AdmissionReviewed(webhook, decision, rule, KabinMetrics.SecondsSince(startedAt));
        }
    }

    private static string DecisionOf(JsonObject review)
    {
        var response = JsonNav.Object(review, "response");
        if (response?["allowed"] is JsonValue allowed && allowed.TryGetValue<bool>(out var yes) && yes)
        {
            return "allowed";
        }

        return JsonNav.Object(response, "status")?["code"] is JsonValue code && code.TryGetValue<int>(out var status) && status >= 500
            ? "error"
            : "denied";
    }

    /// <summary>
    /// What both webhooks share: read the review, allow what needs no check or belongs to no
    /// tenant, run <paramref name="decide"/> for the tenant, and deny on any failure inside it.
    /// The validating webhook first keeps tenants off the objects Kabin manages (<see cref="ManagedObjectGuard"/>).
    /// </summary>
    private async Task<(JsonObject Review, string? DeniedBy)> ReviewAsync(
        JsonNode? body, string action, string denied,
        Func<AdmissionRequest, JsonObject, TenantRecord, (JsonObject Review, string? DeniedBy)> decide,
        bool guard, CancellationToken cancellationToken)
    {
        var request = AdmissionRequest.Read(body);
        if (guard && !options.Value.IsExempt(request.TargetNamespace) && ManagedObjectGuard.Refuse(request, options.Value) is { } refusal)
        {
            LogGuarded(logger, request.Uid, request.TargetNamespace ?? "(none)", request.DryRun);
            return (refusal, ManagedObjectGuard.Rule);
        }

        if (guard && ManagedObjectGuard.IsGuardedKind(request.Object ?? request.OldObject))
        {
            // The guard's own kinds (quota, role bindings, network policies...) carry no pod to judge.
            return (AdmissionResponses.Allowed(request.Uid), null);
        }

        if (request.NeedsNoCheck || request.Object is not { } workload || options.Value.IsExempt(request.TargetNamespace))
        {
            return (AdmissionResponses.Allowed(request.Uid), null);
        }

        try
        {
            var tenant = await FindTenantAsync(request, cancellationToken).ConfigureAwait(false);
            if (tenant is null)
            {
                LogNoTenant(logger, request.TargetNamespace ?? "(none)", request.Uid, request.DryRun);
                return (AdmissionResponses.Denied(request.Uid, 403, "Forbidden",
                    $"Namespace {request.TargetNamespace ?? "(none)"} has no Kabin tenant record, so nothing is admitted there: provision its tenant first, "
                    + $"or, for a platform namespace, add it to {AdmissionOptions.SectionName}:ExemptNamespaces."), "kabin/no-tenant");
            }

            return decide(request, workload, tenant);
        }
        catch (Exception e) when (e is not InvalidEventDataException and not OperationCanceledException)
        {
            // Never allow what could not be checked.
            LogFailed(logger, e, request.Uid);
            return (AdmissionResponses.Denied(
                request.Uid, 500, "InternalError",
                $"Kabin could not {action} ({e.GetType().Name}), so {denied} is denied. Retry; if it persists, check the policy function's logs for request {request.Uid}."), null);
        }
    }

    private async Task<TenantRecord?> FindTenantAsync(AdmissionRequest request, CancellationToken cancellationToken) =>
        request.TargetNamespace is { Length: > 0 } ns
            ? await tenants.FindByNamespaceAsync(ns, cancellationToken).ConfigureAwait(false)
            : null;

    /// <summary>On create the API server may leave the namespace to the request; the rules read it from the object.</summary>
    private static JsonObject WithNamespace(JsonObject workload, AdmissionRequest request)
    {
        if (request.Namespace is { Length: > 0 } ns && JsonNav.String(JsonNav.Object(workload, "metadata"), "namespace") is null or "")
        {
            if (JsonNav.Object(workload, "metadata") is not { } metadata)
            {
                metadata = [];
                workload["metadata"] = metadata;
            }

            metadata["namespace"] = ns;
        }

        return workload;
    }

    private static string Subject(JsonObject workload, AdmissionRequest request)
    {
        var metadata = JsonNav.Object(workload, "metadata");
        var name = JsonNav.String(metadata, "name") ?? JsonNav.String(metadata, "generateName") ?? "(unnamed)";
        return $"{JsonNav.String(workload, "kind")} {request.TargetNamespace}/{name}";
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Denied {Subject} of tenant {Tenant} with {Count} violations (dry run: {DryRun})")]
    private static partial void LogDenied(ILogger logger, string subject, string tenant, int count, bool dryRun);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Denied request {Uid} in namespace {Namespace}: no tenant record (dry run: {DryRun})")]
    private static partial void LogNoTenant(ILogger logger, string @namespace, string uid, bool dryRun);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Refused request {Uid} in namespace {Namespace}: it changes an object Kabin manages (dry run: {DryRun})")]
    private static partial void LogGuarded(ILogger logger, string uid, string @namespace, bool dryRun);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Admission check of request {Uid} failed; denied")]
    private static partial void LogFailed(ILogger logger, Exception exception, string uid);
}
