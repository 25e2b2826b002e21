using System.Globalization;
using System.Text.Json.Nodes;
using Kabin.Adapters.HttpApi.Access;
using Kabin.Events;
using Kabin.Sandboxes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.HttpApi.Sandboxes;

/// <summary>
/// <c>/tenants/{tenant}/sandboxes</c>: a request is <c>dev.kabin.sandbox.requested</c>, a delete
/// <c>dev.kabin.sandbox.stop.requested</c>, both through the sandbox function; reads come from the
/// state store through <see cref="SandboxQueries"/>. How refusals map: docs/api.md.
/// </summary>
public static class SandboxEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var sandboxes = api.MapGroup("/tenants/{tenant}/sandboxes").WithTags("sandboxes");
        sandboxes.MapPost("/", CreateAsync).WithName("CreateSandbox").WithMetadata(new AccessRule("create", "sandboxes", PerTenant: true))
            .WithSummary("Request a VM sandbox (dev.kabin.sandbox.requested)")
            .Body<SandboxRequest>()
            .Produces<SandboxRecord>(StatusCodes.Status201Created)
            .Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity,
                StatusCodes.Status503ServiceUnavailable);
        sandboxes.MapGet("/", ListAsync).WithName("ListSandboxes").WithMetadata(new AccessRule("list", "sandboxes", PerTenant: true)).WithSummary("A page of a tenant's sandboxes, live and recently ended, in name order (?limit=, ?continue=)")
            .Produces<SandboxList>(StatusCodes.Status200OK).Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable);
        sandboxes.MapGet("/{name}", GetAsync).WithName("GetSandbox").WithMetadata(new AccessRule("get", "sandboxes", PerTenant: true))
            .WithSummary("A sandbox's state, history of transitions and pod phase")
            .Produces<SandboxRecord>(StatusCodes.Status200OK).Problems(StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable);
        sandboxes.MapDelete("/{name}", StopAsync).WithName("StopSandbox").WithMetadata(new AccessRule("delete", "sandboxes", PerTenant: true))
            .WithSummary("Stop a sandbox (dev.kabin.sandbox.stop.requested): 202 while its pod stops, 204 once it is gone")
            .Produces<SandboxRecord>(StatusCodes.Status202Accepted).Produces(StatusCodes.Status204NoContent)
            .Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> CreateAsync(
        string tenant, HttpRequest request, [FromServices] RequestBodies bodies, [FromServices] SandboxQueries queries,
        [FromServices] ApiEventRunner runner, [FromServices] IOptions<SandboxOptions> options, CancellationToken cancellationToken)
    {
        var body = await bodies.ReadObjectAsync(request, "a sandbox request such as { \"name\": ..., \"image\": ... }", cancellationToken)
            .ConfigureAwait(false);
        if (body["tenant"] is { } named && (named.GetValueKind() != System.Text.Json.JsonValueKind.String || named.GetValue<string>() != tenant))
        {
            return ApiProblems.Rejected($"The body names another tenant than the path '{tenant}'.",
                [new FieldError("tenant", $"must be '{tenant}' (the tenant in the path), or be left out.")]);
        }

        body["tenant"] = tenant;
        var name = body["name"] is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : null;
        if (name is not null && await queries.GetAsync(tenant, name, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return ApiProblems.Conflict(NameTaken(tenant, name, existing, options.Value));
        }

        var reply = await runner.RunAsync(SandboxEventTypes.Requested, name is null ? null : $"{tenant}/{name}", body, cancellationToken)
            .ConfigureAwait(false) ?? throw new InvalidOperationException("The sandbox function answered a request without a reply.");
        var data = EventData.Read(reply, SandboxJsonContext.Default.SandboxEventData);
        if (reply.Type == SandboxEventTypes.Rejected)
        {
            return SandboxRefusals.ToProblem(data);
        }

        var record = await queries.GetAsync(tenant, data.Name, cancellationToken).ConfigureAwait(false)
            ?? throw new TransientFailureException($"Sandbox {tenant}/{data.Name} was created but its record is not readable yet; retry.");
        return TypedResults.Created($"/tenants/{tenant}/sandboxes/{data.Name}", record);
    }

    private static async Task<IResult> ListAsync(
        string tenant, [FromQuery] int? limit, [FromQuery(Name = "continue")] string? token, [FromServices] SandboxQueries queries,
        CancellationToken cancellationToken)
    {
        if (PageRequest.Refusal(limit, token, out var size, out var after) is { } refusal)
        {
            return refusal;
        }

        return await queries.ListAsync(tenant, size, after, cancellationToken).ConfigureAwait(false) is { } page
            ? TypedResults.Ok(new SandboxList(tenant, page.Records) { Continue = PageRequest.Continue(page.ContinueAfter) })
            : ApiProblems.NotFound($"There is no tenant '{tenant}'. PUT /tenants/{tenant} creates it.");
    }

    private static async Task<IResult> GetAsync(
        string tenant, string name, [FromServices] SandboxQueries queries, CancellationToken cancellationToken) =>
        await queries.GetAsync(tenant, name, cancellationToken).ConfigureAwait(false) is { } record
            ? TypedResults.Ok(record)
            : ApiProblems.NotFound($"Tenant '{tenant}' has no sandbox named '{name}'.");

    private static async Task<IResult> StopAsync(
        string tenant, string name, [FromServices] SandboxQueries queries, [FromServices] ApiEventRunner runner, CancellationToken cancellationToken)
    {
        var reply = await runner.RunAsync(SandboxEventTypes.StopRequested, $"{tenant}/{name}",
            new JsonObject { ["tenant"] = tenant, ["name"] = name }, cancellationToken).ConfigureAwait(false);
        if (reply?.Type == SandboxEventTypes.Rejected)
        {
            return SandboxRefusals.ToProblem(EventData.Read(reply, SandboxJsonContext.Default.SandboxEventData));
        }

        // With a cluster the pod stops within its grace period and its delete event ends the sandbox.
        return await queries.GetAsync(tenant, name, cancellationToken).ConfigureAwait(false) is { State: SandboxState.Stopping } stopping
            ? TypedResults.Accepted($"/tenants/{tenant}/sandboxes/{name}", stopping)
            : TypedResults.NoContent();
    }

    /// <summary>Why a name is taken: a live sandbox has it, or an ended one whose record is kept for polling until its retention passes.</summary>
    private static string NameTaken(string tenant, string name, SandboxRecord existing, SandboxOptions options)
    {
        var shows = $"GET /tenants/{tenant}/sandboxes/{name} shows it";
        if (!SandboxTransitions.IsTerminal(existing.State))
        {
            return $"Tenant '{tenant}' already has a sandbox named '{name}' ({existing.State}). {shows}; choose another name.";
        }

        var ended = existing.EnteredStateAt();
        var free = ended.AddSeconds(options.RecordRetentionSeconds);
        return $"The name '{name}' belongs to a sandbox of tenant '{tenant}' that ended ({existing.State} at {Utc(ended)}). "
            + $"Its record is kept for polling until about {Utc(free)} (Kabin:Sandboxes:RecordRetentionSeconds, or sooner once the tenant "
            + $"has more than MaxEndedRecords ended sandboxes); the name is free again after that. {shows}; choose another name to start one now.";
    }

    private static string Utc(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
